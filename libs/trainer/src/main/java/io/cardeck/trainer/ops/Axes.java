package io.cardeck.trainer.ops;

/** ONNX axis arguments, which may count from the end. */
final class Axes {

    private Axes() {
    }

    /** {@code axis} in {@code [-rank, rank)} as a non-negative axis; {@code rank} itself when {@code inclusive}. */
    static int normalize(long axis, int rank, boolean inclusive) {
        long upper = inclusive ? rank : rank - 1;
        if (axis < -rank || axis > upper) {
            throw new IllegalArgumentException("axis " + axis + " is outside [" + -rank + ", " + upper
                    + "] for a tensor of rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }
}
