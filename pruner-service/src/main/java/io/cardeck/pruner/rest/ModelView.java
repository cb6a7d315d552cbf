package io.cardeck.pruner.rest;

import io.cardeck.events.ModelOrigin;
import io.cardeck.pruner.repository.RegisteredModel;
import io.cardeck.pruner.repository.StoredLineage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A registered model as the REST API shows it.
 *
 * @param hasCard whether {@code GET /models/{id}/card} has its model card
 */
public record ModelView(UUID id, String name, String dataset, List<String> labels, ModelOrigin origin, UUID parentId,
                        String sha256, long sizeBytes, List<Long> inputShape, long parameters, long nonZeroParameters,
                        long macs, LineageView lineage, Instant createdAt, boolean hasCard) {

    /**
     * How a derived model was made: null for a model with no recorded derivation.
     *
     * @param recipe calibration data, seeds, recovery, training history, per-layer dims before and after
     */
    public record LineageView(String method, Map<String, Object> parameters, Map<String, Double> layerSparsity,
                              String parentSha256, Instant createdAt, Map<String, Object> recipe) {

        static LineageView of(StoredLineage lineage) {
            return lineage == null ? null : new LineageView(lineage.method(), lineage.parameters(),
                    lineage.layerSparsity(), lineage.parentSha256(), lineage.createdAtInstant(), lineage.recipe());
        }
    }

    static ModelView of(RegisteredModel model) {
        return new ModelView(model.id, model.name, model.dataset, model.labels, model.origin, model.parentId,
                model.sha256, model.sizeBytes, model.inputShape, model.parameters, model.nonZeroParameters, model.macs,
                LineageView.of(model.lineage), model.createdAt, model.card != null);
    }
}
