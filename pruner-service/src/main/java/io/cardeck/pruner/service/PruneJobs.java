package io.cardeck.pruner.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.events.PruneCancelled;
import io.cardeck.events.PruneFailed;
import io.cardeck.events.PruneProgressed;
import io.cardeck.events.TrainingRecord;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.onnx.ModelDigest;
import io.cardeck.outbox.quarkus.EventOutbox;
import io.cardeck.pruner.repository.JobCheckpoint;
import io.cardeck.pruner.repository.JobRound;
import io.cardeck.pruner.repository.PruneJob;
import io.cardeck.pruner.repository.PruneJob.Lease;
import io.cardeck.pruner.repository.PruneJobStatus;
import io.cardeck.pruner.repository.RegisteredModel;
import io.cardeck.pruner.repository.ResumePoint;
import io.cardeck.pruning.PruningResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The prune jobs' state machine, one transaction per step, each with the events that announce it.
 * Every step is guarded by the job's state and, while it runs, by its lease, so a step repeated
 * (redelivery, a second run after a crash, two instances) changes nothing the second time.
 */
@ApplicationScoped
public class PruneJobs {

    /** A job was cancelled; observed once the cancellation has committed, to stop a run of it in this instance. */
    public record Cancelled(UUID jobId) {
    }

    private final ModelRegistry registry;
    private final EventOutbox outbox;
    private final ObjectMapper json;
    private final Event<Cancelled> cancellations;

    public PruneJobs(ModelRegistry registry, EventOutbox outbox, ObjectMapper json, Event<Cancelled> cancellations) {
        this.registry = registry;
        this.outbox = outbox;
        this.json = json;
        this.cancellations = cancellations;
    }

    /**
     * Records the request as a PENDING job. False, with nothing changed, for a redelivered event or
     * a job id that exists already (a job cancelled before its request arrived stays CANCELLED).
     */
    @Transactional
    public boolean accept(UUID jobId, PruneRequested request) {
        if (!outbox.firstDelivery(request.eventId())) {
            return false;
        }
        return PruneJob.insert(jobId, request.modelId(), request.method(), write(request.params(), jobId),
                PruneJobStatus.PENDING);
    }

    /** Claims the next PENDING job, or a RUNNING one whose lease has expired, for {@code owner} (see {@link PruneJob#claimNext}). */
    @Transactional
    public Optional<JobSpec> claim(String owner, Duration lease) {
        return PruneJob.claimNext(owner, lease).map(id -> JobSpec.of(PruneJob.findById(id)));
    }

    /** Extends {@code owner}'s lease; says whether it still holds the job. */
    @Transactional
    public Lease renew(UUID jobId, String owner, Duration lease) {
        return PruneJob.renew(jobId, owner, lease);
    }

    /**
     * Records progress of a job {@code owner} runs, extends its lease and announces the progress;
     * nothing is announced when {@code owner} no longer holds the job.
     *
     * @param fraction done, in [0, 1]
     * @param training where the job's training run stands, carried by the event; null when the job is not training
     */
    @Transactional
    public Lease progress(UUID jobId, String owner, Duration lease, double fraction, String stage, TrainingRecord training) {
        Lease held = PruneJob.progress(jobId, owner, lease, fraction, stage);
        if (held == Lease.HELD) {
            outbox.publish(new PruneProgressed(UUID.randomUUID(), Instant.now(), jobId.toString(), fraction * 100, stage,
                    training));
        }
        return held;
    }

    /** The job's latest checkpoint, if one was saved. */
    @Transactional
    public Optional<JobCheckpoint> checkpoint(UUID jobId) {
        return JobCheckpoint.findByIdOptional(jobId);
    }

    /**
     * Replaces the job's checkpoint with {@code archive} (its work directory, zipped), if {@code owner}
     * still runs the job.
     */
    @Transactional
    public boolean saveCheckpoint(UUID jobId, String owner, byte[] archive, double fraction, String stage) {
        return JobCheckpoint.save(jobId, owner, archive, ModelDigest.sha256(archive), fraction, stage);
    }

    /** Records and announces that {@code owner}'s run resumes from {@code checkpoint} rather than from scratch. */
    @Transactional
    public boolean resumed(UUID jobId, String owner, JobCheckpoint checkpoint) {
        ResumePoint point = new ResumePoint(checkpoint.progress * 100, checkpoint.stage, checkpoint.savedAt.toString(),
                checkpoint.savedBy);
        String stage = "resumed from the checkpoint of: " + checkpoint.stage;
        if (!PruneJob.resumed(jobId, owner, write(point, jobId), checkpoint.progress, stage)) {
            return false;
        }
        outbox.publish(new PruneProgressed(UUID.randomUUID(), Instant.now(), jobId.toString(), checkpoint.progress * 100,
                stage));
        return true;
    }

    /**
     * Registers a finished round of an iterative job as its own model (announced with ModelReady,
     * so it is evaluated), once per round however often the round is finished.
     *
     * @return the round's model id; empty if the round had been registered before
     * @throws JobLostException if {@code owner} no longer runs the job
     */
    @Transactional
    public Optional<UUID> storeRound(UUID jobId, String owner, Duration lease, RegisteredModel parent, int round,
                                     int rounds, PruningResult result) {
        Lease held = PruneJob.renew(jobId, owner, lease);
        if (held != Lease.HELD) {
            throw new JobLostException(jobId, held);
        }
        UUID modelId = UUID.randomUUID();
        if (!JobRound.claim(jobId, round, modelId)) {
            return Optional.empty();
        }
        registry.storePruned(modelId, parent, result, round == 0 ? " dense training" : " round " + round + "/" + rounds);
        return Optional.of(modelId);
    }

    /**
     * Stores the result and finishes the job, in one transaction: the job moves to SUCCEEDED (only
     * while {@code owner} runs it: a second completion of the same job stores nothing and returns
     * empty), the pruned model and its bytes are stored, the checkpoint goes, and PruneProgressed
     * 100%, PruneSucceeded and ModelReady are queued.
     *
     * @return the new model's id
     */
    @Transactional
    public Optional<UUID> succeed(UUID jobId, String owner, RegisteredModel parent, PruningResult result) {
        UUID resultId = UUID.randomUUID();
        if (!PruneJob.succeed(jobId, owner, resultId)) {
            return Optional.empty();
        }
        JobCheckpoint.discard(jobId);
        registry.storePruned(resultId, parent, result, "");
        String job = jobId.toString();
        outbox.publish(new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 100, "stored"));
        outbox.publish(new PruneSucceeded(UUID.randomUUID(), Instant.now(), job, parent.id.toString(), resultId.toString()));
        return Optional.of(resultId);
    }

    /** Fails the job {@code owner} runs with {@code error} and queues PruneFailed; false if it does not run it. */
    @Transactional
    public boolean fail(UUID jobId, String owner, String error) {
        if (!PruneJob.fail(jobId, owner, error)) {
            return false;
        }
        JobCheckpoint.discard(jobId);
        outbox.publish(new PruneFailed(UUID.randomUUID(), Instant.now(), jobId.toString(), error));
        return true;
    }

    /** {@code owner} stops running the job (the service is stopping): another instance may claim it at once. */
    @Transactional
    public boolean release(UUID jobId, String owner) {
        return PruneJob.release(jobId, owner);
    }

    /**
     * Cancels a PENDING or RUNNING job and queues PruneCancelled; a run of it stops at its next
     * check. A job this service has not received yet is recorded as CANCELLED from {@code request}
     * (what the gateway accepted), so its request, when it comes, starts nothing.
     *
     * @param request the job as the gateway accepted it; empty if the caller knows nothing of it
     * @throws RejectedException UNKNOWN if there is no such job and no request, CONFLICT if it has finished
     */
    @Transactional
    public PruneJob cancel(UUID jobId, Optional<JobRequest> request) {
        Optional<PruneJob> found = PruneJob.lock(jobId);
        if (found.isEmpty()) {
            JobRequest known = request.orElseThrow(() -> new RejectedException(Rejection.UNKNOWN, "no prune job with id " + jobId));
            if (!PruneJob.insert(jobId, known.modelId(), known.method(), write(known.params(), jobId),
                    PruneJobStatus.CANCELLED)) {
                // Its request was recorded meanwhile: cancel the job that now exists.
                return cancel(jobId, Optional.empty());
            }
            announceCancelled(jobId, "pending");
            return PruneJob.findById(jobId);
        }
        PruneJob job = found.get();
        String stage = job.status == PruneJobStatus.PENDING || job.stage == null ? "pending" : job.stage;
        if (!job.cancel()) {
            throw new RejectedException(Rejection.CONFLICT, "prune job " + jobId + " is " + job.status
                    + "; only a PENDING or RUNNING job can be cancelled");
        }
        JobCheckpoint.discard(jobId);
        announceCancelled(jobId, stage);
        return job;
    }

    private void announceCancelled(UUID jobId, String stage) {
        outbox.publish(new PruneCancelled(UUID.randomUUID(), Instant.now(), jobId.toString(), stage));
        cancellations.fire(new Cancelled(jobId));
    }

    /** @throws RejectedException UNKNOWN if no job has this id */
    public PruneJob get(UUID jobId) {
        PruneJob job = PruneJob.findById(jobId);
        if (job == null) {
            throw new RejectedException(Rejection.UNKNOWN, "no prune job with id " + jobId);
        }
        return job;
    }

    /** A job as its request describes it: what a cancellation records for a job this service has not received. */
    public record JobRequest(String modelId, String method, Map<String, Object> params) {
    }

    private String write(Object value, UUID jobId) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job " + jobId + ": cannot write " + value + " as JSON: " + e.getMessage(), e);
        }
    }
}
