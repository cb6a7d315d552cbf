package io.cardeck.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A prune job: the pruner-service's record of it, or the gateway's while the pruner has not taken it yet.
 *
 * @param percent     the latest progress, in [0, 100]
 * @param stage       what the job was doing at its latest progress report; null before the first
 * @param attempts    runs started: more than one when an instance running it stopped and another run resumed it
 * @param resumedFrom the checkpoint the latest run resumed from ({@code percent}, {@code stage}, {@code savedAt},
 *                    {@code savedBy}), passed on unchanged; null when it started from scratch
 */
public record PruneJobView(String id, String modelId, String method, Map<String, Object> params,
                           PruneJobStatus status, String resultModelId, String error, double percent, String stage,
                           int attempts, JsonNode resumedFrom, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
