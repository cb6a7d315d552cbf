package io.cardeck.onnx.runtime;

/**
 * Class probabilities computed apart from the code under test: a direct ONNX Runtime session on
 * the CPU and a softmax in double, the reference that the tests of served answers (the
 * ensemble-service's and the platform's) compare with. Shared through this module's test jar.
 */
public final class ReferenceProbabilities {

    private ReferenceProbabilities() {
    }

    /** Softmax of the logits of {@code onnx} for {@code count} images, row-major {@code count x classes}. */
    public static double[] of(byte[] onnx, float[] images, int count) {
        try (ModelSession session = InferenceSessions.open(onnx, "direct", SessionOptionsSpec.cpu())) {
            Logits logits = session.run(images, count);
            int classes = logits.cols();
            float[] values = logits.values();
            double[] probabilities = new double[values.length];
            for (int n = 0; n < count; n++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, values[n * classes + c]);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    probabilities[n * classes + c] = Math.exp(values[n * classes + c] - max);
                    sum += probabilities[n * classes + c];
                }
                for (int c = 0; c < classes; c++) {
                    probabilities[n * classes + c] /= sum;
                }
            }
            return probabilities;
        }
    }
}
