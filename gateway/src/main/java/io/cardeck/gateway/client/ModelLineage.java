package io.cardeck.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * How a pruned model was derived from its parent.
 *
 * @param layerSparsity per-layer sparsity as the pruner-service reports it, passed on unchanged
 * @param recipe the rest of the recipe (calibration data, seeds, recovery with its held-out accuracies
 *     and training history, per-layer dims before and after), passed on unchanged
 */
public record ModelLineage(String method, Map<String, Object> parameters, JsonNode layerSparsity,
                           String parentSha256, OffsetDateTime createdAt, JsonNode recipe) {
}
