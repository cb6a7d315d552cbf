package io.cardeck.zoo;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pruned model of the zoo (a CARD, or a model of the comparison that checks the CARD claim): what
 * it was pruned from and how, its figures as {@code cardeck report} gives them, and the command
 * that rebuilds it.
 *
 * @param parent         the zoo model it was pruned from (a {@link ZooEntry} name)
 * @param parameters     the method's parameters as its lineage records them (defaults included)
 * @param weightSparsity zero share of its Conv, Gemm and MatMul weights
 * @param gzipBytes      bytes of the gzip-compressed ONNX file: what "compact" costs to ship
 * @param families       robust accuracy per corruption family (noise, blur, weather, digital)
 */
public record CardEntry(String name, String file, String parent, String method, Map<String, Object> parameters,
                        double weightSparsity, long nonZeroParameters, long gzipBytes, double testAccuracy,
                        double robustAccuracy, Map<String, Double> families, int suiteImages, long suiteSeed,
                        String sha256, String command, Instant recordedAt) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public CardEntry {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("card name must match " + NAME + ", got " + name);
        }
        if (file == null || file.isBlank() || file.startsWith("/") || file.contains("..")) {
            throw new IllegalArgumentException(name + ": file must be a path inside the models folder, got " + file);
        }
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(recordedAt, "recordedAt");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        families = families == null ? Map.of() : Map.copyOf(families);
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(name + ": sha256 must be 64 lowercase hex digits, got " + sha256);
        }
        if (!(testAccuracy >= 0 && testAccuracy <= 1) || !(robustAccuracy >= 0 && robustAccuracy <= 1)
                || !(weightSparsity >= 0 && weightSparsity <= 1)) {
            throw new IllegalArgumentException(name + ": accuracies and sparsity must be in [0, 1]");
        }
    }
}
