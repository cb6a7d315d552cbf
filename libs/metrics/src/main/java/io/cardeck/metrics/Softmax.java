package io.cardeck.metrics;

/**
 * Row-wise softmax over logits stored row-major as {@code rows x classes}. The row maximum is
 * subtracted before exponentiating, so large logits do not overflow.
 */
public final class Softmax {

    private Softmax() {
    }

    /** Softmax of each row of {@code logits}, as a new array of the same length. */
    public static float[] of(float[] logits, int classes) {
        float[] probabilities = new float[logits.length];
        into(logits, classes, probabilities);
        return probabilities;
    }

    /**
     * Writes the softmax of each row of {@code logits} into {@code target}, which may be
     * {@code logits} itself (in place).
     */
    public static void into(float[] logits, int classes, float[] target) {
        int rows = rowCount(logits.length, classes);
        if (target.length != logits.length) {
            throw new IllegalArgumentException("target has " + target.length + " values, logits have " + logits.length);
        }
        checkFinite(logits, classes);
        for (int row = 0; row < rows; row++) {
            int start = row * classes;
            int end = start + classes;
            float max = rowMaximum(logits, start, end);
            double sum = 0;
            for (int i = start; i < end; i++) {
                float e = (float) Math.exp((double) logits[i] - max);
                target[i] = e;
                sum += e;
            }
            float scale = (float) (1.0 / sum);
            for (int i = start; i < end; i++) {
                target[i] *= scale;
            }
        }
    }

    /** Number of rows in an array of {@code length} values with {@code classes} columns, validated. */
    static int rowCount(int length, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        if (length % classes != 0) {
            throw new IllegalArgumentException(
                    length + " values do not form rows of " + classes + " classes (length must be a multiple of classes)");
        }
        return length / classes;
    }

    /** Rejects a non-finite logit, naming its row and class. */
    static void checkFinite(float[] logits, int classes) {
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                throw new IllegalArgumentException("logit of row " + i / classes + ", class " + i % classes + " is "
                        + logits[i] + "; logits must be finite");
            }
        }
    }

    /** Maximum of {@code values[start..end)}. */
    static float rowMaximum(float[] values, int start, int end) {
        float max = values[start];
        for (int i = start + 1; i < end; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }
}
