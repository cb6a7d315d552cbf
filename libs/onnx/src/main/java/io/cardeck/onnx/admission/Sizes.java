package io.cardeck.onnx.admission;

import ai.onnx.proto.OnnxMl.TensorProto;

/** Tensor sizes in saturating arithmetic: a hostile graph's dims must not wrap round to a small number. */
final class Sizes {

    private Sizes() {
    }

    static long product(long[] dims) {
        long product = 1;
        for (long dim : dims) {
            product = times(product, Math.max(0, dim));
        }
        return product;
    }

    /** Of two non-negative numbers. */
    static long times(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** Of any two numbers (int64 values a graph computes), saturating at either end. */
    static long signedTimes(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    static long plus(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    /** Of a non-negative numerator and a positive denominator. */
    static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }

    /** Bytes of one element of an ONNX data type; strings count as 0 (their stored bytes are counted apart). */
    static int elementBytes(int dataType) {
        TensorProto.DataType type = TensorProto.DataType.forNumber(dataType);
        return switch (type == null ? TensorProto.DataType.UNDEFINED : type) {
            case UINT8, INT8, BOOL -> 1;
            case UINT16, INT16, FLOAT16, BFLOAT16 -> 2;
            case FLOAT, INT32, UINT32 -> 4;
            case INT64, UINT64, DOUBLE, COMPLEX64 -> 8;
            case COMPLEX128 -> 16;
            case STRING -> 0;
            // 8-bit floats and unknown types at one byte.
            default -> 1;
        };
    }
}
