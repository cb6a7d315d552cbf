package io.cardeck.gateway.client;

import java.time.OffsetDateTime;
import java.util.Map;

/** A prune job: the pruner-service's record of it, or the gateway's while the pruner has not taken it yet. */
public record PruneJobView(String id, String modelId, String method, Map<String, Object> params,
                           PruneJobStatus status, String resultModelId, String error, OffsetDateTime createdAt,
                           OffsetDateTime updatedAt) {
}
