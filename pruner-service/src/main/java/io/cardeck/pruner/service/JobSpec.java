package io.cardeck.pruner.service;

import io.cardeck.pruner.repository.PruneJob;
import java.util.Map;
import java.util.UUID;

/** What a run of a prune job needs: the request and how many runs the job has started. */
public record JobSpec(UUID id, String modelId, String method, Map<String, Object> params, int attempts) {

    public JobSpec {
        params = Map.copyOf(params);
    }

    static JobSpec of(PruneJob job) {
        return new JobSpec(job.id, job.modelId, job.method, job.params, job.attempts);
    }
}
