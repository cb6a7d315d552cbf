package io.cardeck.onnx.runtime;

import java.util.Arrays;

/**
 * A model's first output for a batch, row-major: {@code rows} samples x {@code cols} values.
 * The array is shared, not copied.
 */
public record Logits(int rows, int cols, float[] values) {

    public Logits {
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException(rows + " x " + cols + " logits cannot hold " + values.length + " values");
        }
    }

    public float get(int row, int col) {
        return values[row * cols + col];
    }

    /** Column of the largest value in {@code row}: the predicted class. Ties go to the lowest column. */
    public int argmax(int row) {
        int offset = row * cols;
        int best = 0;
        for (int col = 1; col < cols; col++) {
            if (values[offset + col] > values[offset + best]) {
                best = col;
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Logits that && rows == that.rows && cols == that.cols
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Logits[" + rows + " x " + cols + "]";
    }
}
