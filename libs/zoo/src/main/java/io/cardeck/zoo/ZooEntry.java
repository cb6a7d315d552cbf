package io.cardeck.zoo;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One trained model of the zoo, as the manifest records it: how it was made (so it can be rebuilt),
 * what it scores (so {@code cardeck eval} can reproduce it) and the file's SHA-256.
 *
 * @param name                 unique name, e.g. {@code resnet20-augmix}
 * @param file                 the ONNX file, relative to the manifest's folder
 * @param architecture         the spec JSON the model records ({@link ArchitectureSpec#toJson()})
 * @param dataset              training dataset name
 * @param augmentation         training domain ({@code standard}, {@code gauss}, {@code augmix})
 * @param epochs               training epochs
 * @param batchSize            training batch size
 * @param learningRate         peak learning rate
 * @param seed                 training seed
 * @param testAccuracy         clean accuracy on the whole test split
 * @param robustAccuracy       robust accuracy on the generated suite (null when not measured)
 * @param suiteImages          test images per corruption x severity cell of that suite
 * @param suiteSeed            seed of that suite
 * @param parameters           float parameters of the model
 * @param sha256               SHA-256 of the file
 * @param trainingSeconds      wall time of the training
 * @param command              the command that trains it again
 * @param trainedAt            when the training finished
 */
public record ZooEntry(String name, String file, String architecture, String dataset, String augmentation, int epochs,
                       int batchSize, double learningRate, long seed, double testAccuracy, Double robustAccuracy,
                       int suiteImages, long suiteSeed, long parameters, String sha256, double trainingSeconds,
                       String command, Instant trainedAt) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ZooEntry {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("zoo entry name must match " + NAME + ", got " + name);
        }
        if (file == null || file.isBlank() || file.startsWith("/") || file.contains("..")) {
            throw new IllegalArgumentException(name + ": file must be a path inside the models folder, got " + file);
        }
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(trainedAt, "trainedAt");
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(name + ": sha256 must be 64 lowercase hex digits, got " + sha256);
        }
        if (!(testAccuracy >= 0 && testAccuracy <= 1) || (robustAccuracy != null && !(robustAccuracy >= 0 && robustAccuracy <= 1))) {
            throw new IllegalArgumentException(name + ": accuracies must be in [0, 1]");
        }
    }
}
