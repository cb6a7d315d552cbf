package io.cardeck.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * cardeck's facts about a model, kept in the ONNX {@code metadata_props}: the dataset it was
 * trained for ({@value #DATASET_KEY}), its class labels ({@value #LABELS_KEY}, a JSON array),
 * its lineage ({@value #LINEAGE_KEY}, a JSON object), and any other key/value pairs.
 *
 * @param dataset dataset name, or null when not recorded
 * @param labels class names indexed by output column; empty when not recorded
 * @param lineage how the model was derived, or null for a model without a recorded parent
 * @param properties every other metadata_props entry, in stored order; may not use the three keys above
 */
public record ModelMetadata(String dataset, List<String> labels, Lineage lineage, Map<String, String> properties) {

    /** Prefix of the keys cardeck owns. */
    public static final String KEY_PREFIX = "cardeck.";
    public static final String DATASET_KEY = "cardeck.dataset";
    public static final String LABELS_KEY = "cardeck.labels";
    public static final String LINEAGE_KEY = "cardeck.lineage";

    private static final ModelMetadata EMPTY = new ModelMetadata(null, List.of(), null, Map.of());

    public ModelMetadata {
        labels = List.copyOf(labels == null ? List.of() : labels);
        Map<String, String> copy = new LinkedHashMap<>();
        (properties == null ? Map.<String, String>of() : properties).forEach((key, value) -> {
            Objects.requireNonNull(key, "property key");
            Objects.requireNonNull(value, () -> "value of property '" + key + "'");
            if (key.equals(DATASET_KEY) || key.equals(LABELS_KEY) || key.equals(LINEAGE_KEY)) {
                throw new IllegalArgumentException("property key '" + key
                        + "' is reserved; set it through the dataset, labels or lineage component");
            }
            copy.put(key, value);
        });
        properties = Collections.unmodifiableMap(copy);
    }

    public static ModelMetadata empty() {
        return EMPTY;
    }

    public ModelMetadata withDataset(String newDataset) {
        return new ModelMetadata(newDataset, labels, lineage, properties);
    }

    public ModelMetadata withLabels(List<String> newLabels) {
        return new ModelMetadata(dataset, newLabels, lineage, properties);
    }

    public ModelMetadata withLineage(Lineage newLineage) {
        return new ModelMetadata(dataset, labels, newLineage, properties);
    }

    public ModelMetadata withProperty(String key, String value) {
        Map<String, String> updated = new LinkedHashMap<>(properties);
        updated.put(key, value);
        return new ModelMetadata(dataset, labels, lineage, updated);
    }
}
