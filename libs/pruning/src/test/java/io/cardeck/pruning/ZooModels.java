package io.cardeck.pruning;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.onnx.OnnxModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The committed zoo (models/ at the repository root) and Fashion-MNIST's training split, for tests on real data. */
public final class ZooModels {

    private static final Path MODELS = Path.of("..", "..", "models");
    private static CalibrationData fashionMnist;

    private ZooModels() {}

    public static OnnxModel load(String name) {
        try {
            return OnnxModel.load(MODELS.resolve(name + ".onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fashion-MNIST's training split, 5,000 held out, seed 0: as the platform divides it. */
    public static synchronized CalibrationData fashionMnist() {
        if (fashionMnist == null) {
            fashionMnist = CalibrationData.of(DatasetCatalog.FASHION_MNIST,
                    DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("train"), 0, CalibrationData.DEFAULT_VALIDATION_IMAGES);
        }
        return fashionMnist;
    }
}
