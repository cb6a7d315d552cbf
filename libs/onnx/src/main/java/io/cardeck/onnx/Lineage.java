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
 */
public record Lineage(String parentModelId, String parentSha256, String method, Map<String, Object> parameters,
                      Map<String, Double> layerSparsity, Instant createdAt) {

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
        Map<String, Double> sparsity = new LinkedHashMap<>();
        (layerSparsity == null ? Map.<String, Double>of() : layerSparsity).forEach((layer, value) -> {
            if (value == null || !(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("sparsity of layer '" + layer + "' must be in [0, 1], got " + value);
            }
            sparsity.put(layer, value);
        });
        layerSparsity = Collections.unmodifiableMap(sparsity);
    }
}
