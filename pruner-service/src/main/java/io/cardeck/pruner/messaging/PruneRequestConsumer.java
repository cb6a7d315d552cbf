package io.cardeck.pruner.messaging;

import io.cardeck.events.EventFormatException;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.Topics;
import io.cardeck.outbox.EventEnvelope;
import io.cardeck.outbox.quarkus.DatabaseOutageRetry;
import io.cardeck.pruner.service.JobWorkers;
import io.cardeck.pruner.service.PruneJobs;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@value Topics#PRUNE_REQUESTS}: records each request as a PENDING job (once per event
 * id) and wakes the workers, which claim it from the database; the job never runs on this thread,
 * so a job of hours holds up neither the consumer nor its health. A message that is not a
 * PruneRequested, that the gateway did not write ({@link EventEnvelope}), or whose job id is not a
 * UUID, is refused with the reason and goes to the dead-letter topic; a request that is well formed but cannot be carried out (unknown method,
 * model or parameter) becomes a FAILED job. While the database cannot be reached, the request is
 * recorded again with backoff ({@link DatabaseOutageRetry}) instead of being dead-lettered.
 */
@ApplicationScoped
public class PruneRequestConsumer {

    private final PruneJobs jobs;
    private final JobWorkers workers;
    private final DatabaseOutageRetry retry;

    public PruneRequestConsumer(PruneJobs jobs, JobWorkers workers, DatabaseOutageRetry retry) {
        this.jobs = jobs;
        this.workers = workers;
        this.retry = retry;
    }

    @Incoming("prune-requests")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        PruneRequested request = decode(record);
        UUID jobId = jobId(request);
        retry.apply("the prune request of job " + jobId, () -> {
            if (jobs.accept(jobId, request)) {
                workers.claim();
            }
        });
    }

    /** PruneRequested is the one event of its topic, which {@link EventEnvelope#open} checks. */
    static PruneRequested decode(ConsumerRecord<String, byte[]> record) {
        return (PruneRequested) EventEnvelope.open(record);
    }

    private static UUID jobId(PruneRequested request) {
        try {
            return UUID.fromString(request.jobId());
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("invalid PruneRequested: jobId '" + request.jobId()
                    + "' is not a UUID (the gateway issues UUID job ids)", e);
        }
    }
}
