package io.cardeck.onnx;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a derived model came from: its parent, the method that produced it and the method's
 * parameters, the sparsity it left per layer, and when. Stored as JSON under {@code cardeck.lineage}.
 *
 * @param parentModelId the parent's id in cardeck's store, or null when the parent came from a file
 * @param parentSha256 SHA-256 of the parent's ONNX bytes, lowercase hex
 * @param method the method's registered name, e.g. {@code magnitude}
 * @param parameters the method's parameters as JSON values (strings, numbers, booleans, lists, maps);
 *     normalised through JSON so a stored and re-read lineage compares equal
 * @param layerSparsity fraction of zero weights per layer (weight initializer name), in [0, 1]
 * @param createdAt when the model was produced
 * @param recipe the rest of what it takes to produce the model again, as JSON values: the calibration
 *     data and seeds, the recovery (fine-tuning recipe, held-out accuracy before and after), the
 *     training history, and per layer the tensor dims before and after; empty when there is none
 */
public record Lineage(String parentModelId, String parentSha256, String method, Map<String, Object> parameters,
                      Map<String, Double> layerSparsity, Instant createdAt, Map<String, Object> recipe) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Lineage {
        if (parentSha256 == null || !SHA256.matcher(parentSha256).matches()) {
            throw new IllegalArgumentException("parentSha256 must be 64 lowercase hex digits, got " + parentSha256);
        }
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method must be a non-blank method name");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        parameters = MetadataCodec.normaliseParameters(parameters == null ? Map.of() : parameters);
        recipe = MetadataCodec.normaliseParameters(recipe == null ? Map.of() : recipe);
        Map<String, Double> sparsity = new LinkedHashMap<>();
        (layerSparsity == null ? Map.<String, Double>of() : layerSparsity).forEach((layer, value) -> {
            if (value == null || !(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("sparsity of layer '" + layer + "' must be in [0, 1], got " + value);
            }
            sparsity.put(layer, value);
        });
        layerSparsity = Collections.unmodifiableMap(sparsity);
    }

    /** A lineage without a recipe beyond the method's parameters. */
    public Lineage(String parentModelId, String parentSha256, String method, Map<String, Object> parameters,
                   Map<String, Double> layerSparsity, Instant createdAt) {
        this(parentModelId, parentSha256, method, parameters, layerSparsity, createdAt, Map.of());
    }

    /** This lineage with {@code entries} added to its recipe (an entry of the same key replaced). */
    public Lineage withRecipe(Map<String, Object> entries) {
        Map<String, Object> merged = new LinkedHashMap<>(recipe);
        merged.putAll(entries);
        return new Lineage(parentModelId, parentSha256, method, parameters, layerSparsity, createdAt, merged);
    }
}
