package io.cardeck.pruner.repository;

import io.cardeck.onnx.Lineage;
import java.time.Instant;
import java.util.Map;

/**
 * A model's lineage as the {@code models.lineage} JSON column holds it. The parent's id is the
 * {@code parent_id} column, not repeated here.
 *
 * @param createdAt ISO-8601 instant, as text so that the column reads the same in SQL as in the API
 * @param recipe    the rest of what it takes to make the model again (calibration data, seeds,
 *                  recovery, training history, per-layer dims); empty for lineages stored before recipes
 */
public record StoredLineage(String method, Map<String, Object> parameters, Map<String, Double> layerSparsity,
                            String parentSha256, String createdAt, Map<String, Object> recipe) {

    public StoredLineage {
        recipe = recipe == null ? Map.of() : recipe;
    }

    public static StoredLineage of(Lineage lineage) {
        return new StoredLineage(lineage.method(), lineage.parameters(), lineage.layerSparsity(),
                lineage.parentSha256(), lineage.createdAt().toString(), lineage.recipe());
    }

    public Instant createdAtInstant() {
        return Instant.parse(createdAt);
    }
}
