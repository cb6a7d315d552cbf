package io.cardeck.onnx;

import java.util.Arrays;

/** Checks on tensor dims shared by the tensor records. */
final class Dims {

    private Dims() {
    }

    /** Number of elements for {@code dims}; rejects negative dims and sizes beyond a Java array. */
    static int elementCount(String tensor, long[] dims) {
        long count = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException("tensor '" + tensor + "' has a negative dim in "
                        + Arrays.toString(dims) + "; dims must be >= 0");
            }
            count *= dim;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor '" + tensor + "' with dims " + Arrays.toString(dims)
                        + " has more elements than a Java array can hold");
            }
        }
        return (int) count;
    }

    static long[] of(java.util.List<Long> dims) {
        long[] result = new long[dims.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = dims.get(i);
        }
        return result;
    }
}
