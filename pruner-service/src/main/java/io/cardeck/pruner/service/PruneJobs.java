package io.cardeck.pruner.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.events.PruneFailed;
import io.cardeck.events.PruneProgressed;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.outbox.quarkus.EventOutbox;
import io.cardeck.pruner.repository.PruneJob;
import io.cardeck.pruner.repository.RegisteredModel;
import io.cardeck.pruning.PruningResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The prune jobs' state machine, one transaction per step, each with the events that announce it.
 * Every step is guarded by the job's state, so a step repeated (redelivery, a second run after a
 * crash, two instances) changes nothing the second time.
 */
@ApplicationScoped
public class PruneJobs {

    private final ModelRegistry registry;
    private final EventOutbox outbox;
    private final ObjectMapper json;

    public PruneJobs(ModelRegistry registry, EventOutbox outbox, ObjectMapper json) {
        this.registry = registry;
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * Records the request as a PENDING job. False, with nothing changed, for a redelivered event or
     * a job id that exists already.
     */
    @Transactional
    public boolean accept(UUID jobId, PruneRequested request) {
        if (!outbox.firstDelivery(request.eventId())) {
            return false;
        }
        String params;
        try {
            params = json.writeValueAsString(request.params());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params of job " + jobId + " cannot be written as JSON: " + e.getMessage(), e);
        }
        return PruneJob.insertPending(jobId, request.modelId(), request.method(), params);
    }

    /** PENDING -> RUNNING for this instance's run; empty if the job is not PENDING. */
    @Transactional
    public Optional<JobSpec> start(UUID jobId) {
        if (!PruneJob.start(jobId)) {
            return Optional.empty();
        }
        return Optional.of(JobSpec.of(PruneJob.findById(jobId)));
    }

    /** Takes over one job that an instance left unfinished (see {@link PruneJob#claimAbandoned}). */
    @Transactional
    public Optional<JobSpec> claimAbandoned(Duration staleAfter) {
        return PruneJob.claimAbandoned(staleAfter).map(id -> JobSpec.of(PruneJob.findById(id)));
    }

    /** Announces progress of a RUNNING job and refreshes its time; false if the job is no longer RUNNING. */
    @Transactional
    public boolean progress(UUID jobId, double percent, String stage) {
        if (!PruneJob.touchRunning(jobId)) {
            return false;
        }
        outbox.publish(new PruneProgressed(UUID.randomUUID(), Instant.now(), jobId.toString(), percent, stage));
        return true;
    }

    /**
     * Stores the result and finishes the job, in one transaction: the job moves to SUCCEEDED (only
     * if it has not finished: a second completion of the same job stores nothing and returns
     * empty), the pruned model and its bytes are stored, and PruneProgressed 100%, PruneSucceeded
     * and ModelReady are queued.
     *
     * @return the new model's id
     */
    @Transactional
    public Optional<UUID> succeed(UUID jobId, RegisteredModel parent, PruningResult result) {
        UUID resultId = UUID.randomUUID();
        if (!PruneJob.succeed(jobId, resultId)) {
            return Optional.empty();
        }
        registry.storePruned(resultId, parent, result);
        String job = jobId.toString();
        outbox.publish(new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 100, "stored"));
        outbox.publish(new PruneSucceeded(UUID.randomUUID(), Instant.now(), job, parent.id.toString(), resultId.toString()));
        return Optional.of(resultId);
    }

    /** Fails the job with {@code error} and queues PruneFailed; false if it had finished already. */
    @Transactional
    public boolean fail(UUID jobId, String error) {
        if (!PruneJob.fail(jobId, error)) {
            return false;
        }
        outbox.publish(new PruneFailed(UUID.randomUUID(), Instant.now(), jobId.toString(), error));
        return true;
    }

    /** @throws RejectedException UNKNOWN if no job has this id */
    public PruneJob get(UUID jobId) {
        PruneJob job = PruneJob.findById(jobId);
        if (job == null) {
            throw new RejectedException(Rejection.UNKNOWN, "no prune job with id " + jobId);
        }
        return job;
    }
}
