package io.cardeck.pruning;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The trained zoo models committed under models/, and real Fashion-MNIST test images to run them on. */
public final class ZooModels {

    private static final Path MODELS = Path.of("..", "..", "models");

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
}
