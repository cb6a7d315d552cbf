package io.cardeck.ensemble.it;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.robustness.corruption.Corruptions;
import io.cardeck.zoo.NearestCentroid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Real classifiers and real (corrupted) Fashion-MNIST test images for the integration tests. */
final class TestModels {

    static final List<Integer> INPUT_SHAPE = List.of(1, 28, 28);

    private static byte[] lenet;
    private static byte[] centroid;

    private TestModels() {
    }

    static ImageDataset train() {
        return DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("train");
    }

    static ImageDataset test() {
        return DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
    }

    static List<String> labels() {
        return test().classNames();
    }

    /** The committed zoo model {@code models/lenet5-standard.onnx}. */
    static synchronized byte[] lenet() {
        if (lenet == null) {
            try {
                lenet = OnnxModel.load(Path.of("../models/lenet5-standard.onnx")).toBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lenet;
    }

    /** The nearest-centroid baseline fitted on the training split. */
    static synchronized byte[] centroid() {
        if (centroid == null) {
            centroid = NearestCentroid.fit(train(), DatasetCatalog.FASHION_MNIST, images -> { }).toBytes();
        }
        return centroid;
    }

    /** Test images {@code from..from+count-1}, corrupted at {@code severity} (clean when corruption is null). */
    static float[] images(String corruption, int severity, int from, int count) {
        ImageDataset test = test();
        int size = test.shape().size();
        float[] batch = new float[count * size];
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < count; n++) {
            float[] image = test.image(from + n);
            if (corruption != null) {
                image = Corruptions.byName(corruption).apply(image, test.shape(), severity, random.split());
            }
            System.arraycopy(image, 0, batch, n * size, size);
        }
        return batch;
    }
}
