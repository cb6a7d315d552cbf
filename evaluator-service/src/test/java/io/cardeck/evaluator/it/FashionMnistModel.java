package io.cardeck.evaluator.it;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.zoo.NearestCentroid;

/** A real classifier for the tests: the nearest-centroid baseline fitted on the Fashion-MNIST training split. */
final class FashionMnistModel {

    private static OnnxModel model;

    private FashionMnistModel() {
    }

    static synchronized OnnxModel get() {
        if (model == null) {
            model = NearestCentroid.fit(DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("train"),
                    DatasetCatalog.FASHION_MNIST, images -> { });
        }
        return model;
    }
}
