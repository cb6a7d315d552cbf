package io.cardeck.pruner.rest;

import io.cardeck.pruner.repository.PruneJob;
import io.cardeck.pruner.repository.PruneJobStatus;
import io.cardeck.pruner.repository.ResumePoint;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A prune job as the REST API shows it.
 *
 * @param percent     the latest progress, in [0, 100]
 * @param stage       what the job was doing at its latest progress report; null before the first
 * @param attempts    runs started (more than one after a run's instance stopped)
 * @param resumedFrom the checkpoint the latest run resumed from; null when it started from scratch
 */
public record PruneJobView(UUID id, String modelId, String method, Map<String, Object> params, PruneJobStatus status,
                           UUID resultModelId, String error, double percent, String stage, int attempts,
                           ResumePoint resumedFrom, Instant createdAt, Instant updatedAt) {

    static PruneJobView of(PruneJob job) {
        return new PruneJobView(job.id, job.modelId, job.method, job.params, job.status, job.resultModelId, job.error,
                job.progress * 100, job.stage, job.attempts, job.resumedFrom, job.createdAt, job.updatedAt);
    }
}
