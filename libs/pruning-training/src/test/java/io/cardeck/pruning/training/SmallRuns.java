package io.cardeck.pruning.training;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The committed LeNet-5 and a small part of Fashion-MNIST's training split, so that training tests take seconds. */
final class SmallRuns {

    private SmallRuns() {}

    static OnnxModel lenet() {
        try {
            return OnnxModel.load(Path.of("../../models/lenet5-standard.onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 2,500 training images: 2,000 to train on, 500 held out. */
    static CalibrationData data() {
        return CalibrationData.of(DatasetCatalog.FASHION_MNIST,
                DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("train").firstImages(2500), 3, 500);
    }
}
