package io.cardeck.gateway.client;

import io.cardeck.events.ModelOrigin;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A registered model as the pruner-service describes it.
 *
 * @param inputShape the image shape after the batch dim, [C, H, W]
 * @param lineage how the model was derived; null for uploads and zoo models
 * @param hasCard whether {@code GET /api/models/{id}/card} has the model's card (the zoo's models and CARDs)
 */
public record ModelView(String id, String name, String dataset, List<String> labels, ModelOrigin origin,
                        String parentId, String sha256, Long sizeBytes, List<Integer> inputShape, Long parameters,
                        Long nonZeroParameters, Long macs, ModelLineage lineage, OffsetDateTime createdAt,
                        boolean hasCard) {
}
