package io.cardeck.pruning;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The committed zoo (models/ at the repository root) and real Fashion-MNIST images to run and prune it with. */
public final class ZooModels {

    private static final Path MODELS = Path.of("..", "..", "models");
    private static CalibrationData fashionMnist;

    private ZooModels() {}

    /** e.g. {@code lenet5-standard} or {@code resnet20-standard}. */
    public static OnnxModel load(String name) {
        try {
            return OnnxModel.load(MODELS.resolve(name + ".onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code count} Fashion-MNIST test images, NCHW in [0, 1]. */
    public static float[] testImages(int count) {
        ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
        return test.images(0, count);
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
