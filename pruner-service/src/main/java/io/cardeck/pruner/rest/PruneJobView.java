package io.cardeck.pruner.rest;

import io.cardeck.pruner.repository.PruneJob;
import io.cardeck.pruner.repository.PruneJobStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A prune job as the REST API shows it. */
public record PruneJobView(UUID id, String modelId, String method, Map<String, Object> params, PruneJobStatus status,
                           UUID resultModelId, String error, Instant createdAt, Instant updatedAt) {

    static PruneJobView of(PruneJob job) {
        return new PruneJobView(job.id, job.modelId, job.method, job.params, job.status, job.resultModelId, job.error,
                job.createdAt, job.updatedAt);
    }
}
