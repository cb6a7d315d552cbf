package io.cardeck.pruning.recovery;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.OutputTensor;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.JobProgress;
import java.util.List;

/**
 * Resets the running statistics of every BatchNormalization from calibration images, without
 * gradients: after pruning, the activations a BatchNorm sees have shifted, and statistics that
 * match them again recover much of the lost accuracy for the cost of a few forward passes.
 *
 * <p>The statistics are the population mean and variance of each BatchNorm's input over all the
 * images, in graph order, each computed with the BatchNorms before it already recalibrated: so the
 * model is exactly consistent in inference mode (a train-mode pass, as frameworks usually do it,
 * normalises the deeper layers with batch statistics instead). One ONNX Runtime pass per
 * BatchNorm.
 */
public final class BatchNormRecalibration {

    private static final int BATCH = 256;

    private BatchNormRecalibration() {}

    /** The BatchNormalization nodes whose statistics are initializers, in graph order. */
    public static List<OnnxNode> batchNorms(OnnxModel model) {
        return model.graph().nodes().stream()
                .filter(node -> node.opType().equals("BatchNormalization") && node.inputs().size() >= 5
                        && model.graph().isInitializer(node.inputs().get(3)) && model.graph().isInitializer(node.inputs().get(4)))
                .toList();
    }

    /** {@code model} with recalibrated statistics; the same model if it has no BatchNorm. */
    public static OnnxModel recalibrate(OnnxModel model, ImageDataset images, JobProgress progress) {
        List<OnnxNode> norms = batchNorms(model);
        OnnxModel current = model;
        for (int k = 0; k < norms.size(); k++) {
            OnnxNode norm = norms.get(k);
            String input = norm.inputs().get(0);
            double[][] moments = moments(current.withExtraOutputs(List.of(input)), input, images);
            FloatTensor meanBefore = current.graph().floatInitializer(norm.inputs().get(3));
            FloatTensor varBefore = current.graph().floatInitializer(norm.inputs().get(4));
            float[] mean = new float[moments[0].length];
            float[] variance = new float[moments[0].length];
            for (int c = 0; c < mean.length; c++) {
                mean[c] = (float) moments[0][c];
                variance[c] = (float) Math.max(0, moments[1][c] - moments[0][c] * moments[0][c]);
            }
            current = current.edit()
                    .replaceInitializer(new FloatTensor(meanBefore.name(), meanBefore.dims(), mean))
                    .replaceInitializer(new FloatTensor(varBefore.name(), varBefore.dims(), variance))
                    .build();
            progress.report((k + 1.0) / norms.size(), "BatchNorm " + norm.label() + " recalibrated (" + (k + 1) + "/"
                    + norms.size() + ")");
        }
        return current;
    }

    /** Per channel (axis 1) E[x] and E[x^2] of {@code value} over all {@code images}. */
    private static double[][] moments(OnnxModel model, String value, ImageDataset images) {
        double[] sum = null;
        double[] squares = null;
        long count = 0;
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            for (int from = 0; from < images.size(); from += BATCH) {
                int size = Math.min(BATCH, images.size() - from);
                OutputTensor x = session.runAll(images.images(from, size), size, List.of(value)).get(value);
                long[] shape = x.shape();
                int channels = Math.toIntExact(shape[1]);
                int spatial = 1;
                for (int d = 2; d < shape.length; d++) {
                    spatial = Math.multiplyExact(spatial, Math.toIntExact(shape[d]));
                }
                if (sum == null) {
                    sum = new double[channels];
                    squares = new double[channels];
                }
                float[] data = x.data();
                for (int n = 0; n < size; n++) {
                    for (int c = 0; c < channels; c++) {
                        int offset = (n * channels + c) * spatial;
                        double s = 0;
                        double q = 0;
                        for (int i = 0; i < spatial; i++) {
                            double v = data[offset + i];
                            s += v;
                            q += v * v;
                        }
                        sum[c] += s;
                        squares[c] += q;
                    }
                }
                count += (long) size * spatial;
            }
        }
        for (int c = 0; c < sum.length; c++) {
            sum[c] /= count;
            squares[c] /= count;
        }
        return new double[][] {sum, squares};
    }
}
