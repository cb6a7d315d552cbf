package io.cardeck.pruning;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.OutputTensor;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.util.List;

/** Values inside a model for a set of images, read through ONNX Runtime: the references of the layer-wise tests. */
public final class LayerOutputs {

    private LayerOutputs() {}

    /** Value {@code name} for every image, concatenated in image order. */
    public static float[] of(OnnxModel model, String name, ImageDataset images) {
        OnnxModel exposed = model.graph().outputs().stream().anyMatch(o -> o.name().equals(name)) ? model
                : model.withExtraOutputs(List.of(name));
        try (ModelSession session = InferenceSessions.open(exposed, SessionOptionsSpec.cpu())) {
            float[] batch = images.images(0, images.size());
            OutputTensor tensor = session.runAll(batch, images.size(), List.of(name)).get(name);
            return tensor.data();
        }
    }

    /** {@code ||a - b||_2 / sqrt(images)}: the per-image RMS difference of two values over a set of images. */
    public static double rmsDistance(float[] a, float[] b, int images) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum / images);
    }
}
