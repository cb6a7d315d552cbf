package io.cardeck.robustness.corruption;

/** A 2-D filter kernel, row-major, anchored at its centre ({@code height/2}, {@code width/2}). */
record Kernel2D(int height, int width, float[] weights) {

    Kernel2D {
        if (height < 1 || width < 1 || weights.length != height * width) {
            throw new IllegalArgumentException(
                    "kernel " + height + "x" + width + " needs " + height * width + " weights, got " + weights.length);
        }
    }

    float weight(int row, int column) {
        return weights[row * width + column];
    }
}
