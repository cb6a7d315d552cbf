package io.cardeck.pruner.repository;

import io.cardeck.onnx.Lineage;
import java.time.Instant;
import java.util.Map;

/**
 * A model's lineage as the {@code models.lineage} JSON column holds it. The parent's id is the
 * {@code parent_id} column, not repeated here.
 *
 * @param createdAt ISO-8601 instant, as text so that the column reads the same in SQL as in the API
 */
public record StoredLineage(String method, Map<String, Object> parameters, Map<String, Double> layerSparsity,
                            String parentSha256, String createdAt) {

    public static StoredLineage of(Lineage lineage) {
        return new StoredLineage(lineage.method(), lineage.parameters(), lineage.layerSparsity(),
                lineage.parentSha256(), lineage.createdAt().toString());
    }

    public Instant createdAtInstant() {
        return Instant.parse(createdAt);
    }
}
