package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Locale;

/**
 * Window geometry of Conv, MaxPool and AveragePool: strides, dilations and padding from the
 * node's attributes. PyTorch pads symmetrically only, so asymmetric padding (explicit pads or
 * auto_pad SAME_*) is applied to the input before the op.
 */
final class SlidingWindow {

    enum AutoPad { NOTSET, VALID, SAME_UPPER, SAME_LOWER }

    private final AutoPad autoPad;
    private final long[] pads;
    private final long[] strides;
    private final long[] dilations;
    private final long[] kernelShape;

    private SlidingWindow(AutoPad autoPad, long[] pads, long[] strides, long[] dilations, long[] kernelShape) {
        this.autoPad = autoPad;
        this.pads = pads;
        this.strides = strides;
        this.dilations = dilations;
        this.kernelShape = kernelShape;
    }

    /** Reads and checks the window attributes; {@code kernelRequired} for pools, which have no weight to take it from. */
    static SlidingWindow of(NodeContext node, boolean kernelRequired) {
        String autoPadText = node.node().stringAttribute("auto_pad", "NOTSET");
        AutoPad autoPad;
        try {
            autoPad = AutoPad.valueOf(autoPadText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.error("auto_pad '" + autoPadText + "' is not an ONNX value; accepted: "
                    + Arrays.toString(AutoPad.values()));
        }
        long[] kernel = node.node().intsAttribute("kernel_shape", new long[0]);
        if (kernelRequired && kernel.length == 0) {
            throw node.error("attribute kernel_shape is required");
        }
        long[] pads = node.node().intsAttribute("pads", new long[0]);
        long[] strides = node.node().intsAttribute("strides", new long[0]);
        long[] dilations = node.node().intsAttribute("dilations", new long[0]);
        if (pads.length % 2 != 0) {
            throw node.error("pads " + Arrays.toString(pads) + " must hold a begin and an end per spatial axis");
        }
        if (pads.length > 0 && autoPad != AutoPad.NOTSET) {
            throw node.error("pads and auto_pad " + autoPad + " are both set; ONNX allows pads only with auto_pad NOTSET");
        }
        for (long pad : pads) {
            if (pad < 0) {
                throw node.error("pads " + Arrays.toString(pads) + " must not be negative");
            }
        }
        for (long[] values : new long[][] {kernel, strides, dilations}) {
            for (long value : values) {
                if (value < 1) {
                    throw node.error("kernel_shape, strides and dilations must be positive, got "
                            + Arrays.toString(values));
                }
            }
        }
        int rank = kernel.length > 0 ? kernel.length : -1;
        for (long[] values : new long[][] {strides, dilations}) {
            if (rank > 0 && values.length > 0 && values.length != rank) {
                throw node.error("kernel_shape " + Arrays.toString(kernel) + " has " + rank
                        + " axes but strides or dilations have " + values.length);
            }
        }
        if (rank > 0 && pads.length > 0 && pads.length != 2 * rank) {
            throw node.error("kernel_shape " + Arrays.toString(kernel) + " needs " + 2 * rank
                    + " pads, got " + Arrays.toString(pads));
        }
        return new SlidingWindow(autoPad, pads, strides, dilations, kernel);
    }

    long[] kernelShape() {
        return kernelShape.clone();
    }

    long[] strides(int rank) {
        return orOnes(strides, rank, "strides");
    }

    long[] dilations(int rank) {
        return orOnes(dilations, rank, "dilations");
    }

    private static long[] orOnes(long[] values, int rank, String what) {
        if (values.length == 0) {
            long[] ones = new long[rank];
            Arrays.fill(ones, 1);
            return ones;
        }
        if (values.length != rank) {
            throw new IllegalArgumentException(what + " " + Arrays.toString(values) + " do not match the "
                    + rank + " spatial axes of the input");
        }
        return values;
    }

    /**
     * Pads per spatial axis in ONNX layout {@code [begin_1..begin_n, end_1..end_n]} for an input
     * with spatial sizes {@code sizes} and a window of {@code kernel}.
     */
    long[] pads(long[] sizes, long[] kernel) {
        int rank = kernel.length;
        if (sizes.length != rank) {
            throw new IllegalArgumentException("the input has " + sizes.length + " spatial axes but the window has "
                    + rank + " (kernel " + Arrays.toString(kernel) + ")");
        }
        switch (autoPad) {
            case VALID:
                return new long[2 * rank];
            case SAME_UPPER:
            case SAME_LOWER:
                long[] stride = strides(rank);
                long[] dilation = dilations(rank);
                long[] same = new long[2 * rank];
                for (int i = 0; i < rank; i++) {
                    long out = (sizes[i] + stride[i] - 1) / stride[i];
                    long total = Math.max(0, (out - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 - sizes[i]);
                    long small = total / 2;
                    // SAME_UPPER puts the odd pixel at the end, SAME_LOWER at the beginning.
                    same[i] = autoPad == AutoPad.SAME_UPPER ? small : total - small;
                    same[i + rank] = total - same[i];
                }
                return same;
            default:
                if (pads.length == 0) {
                    return new long[2 * rank];
                }
                if (pads.length != 2 * rank) {
                    throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " do not match the " + rank
                            + " spatial axes of the input");
                }
                return pads.clone();
        }
    }

    /** Whether every axis has the same padding at both ends (PyTorch pads that way by itself). */
    static boolean symmetric(long[] pads) {
        int rank = pads.length / 2;
        for (int i = 0; i < rank; i++) {
            if (pads[i] != pads[i + rank]) {
                return false;
            }
        }
        return true;
    }

    static boolean any(long[] pads) {
        for (long pad : pads) {
            if (pad != 0) {
                return true;
            }
        }
        return false;
    }

    /** The input's spatial sizes: every axis after batch and channel. */
    static long[] spatialSizes(NDArray x) {
        long[] shape = x.getShape().getShape();
        return Arrays.copyOfRange(shape, 2, shape.length);
    }

    /** {@code x} with its trailing spatial axes padded by {@code pads} (ONNX layout) with {@code value}. */
    static NDArray pad(NDArray x, long[] pads, double value) {
        return JniUtils.pad((PtNDArray) x, torchOrder(pads), value);
    }

    /**
     * ONNX pads {@code [b_1..b_n, e_1..e_n]} for the last n axes in PyTorch's order, which starts at
     * the last axis: {@code [b_n, e_n, b_n-1, e_n-1, ...]}.
     */
    static long[] torchOrder(long[] pads) {
        int rank = pads.length / 2;
        long[] torch = new long[2 * rank];
        for (int i = 0; i < rank; i++) {
            int axis = rank - 1 - i;
            torch[2 * i] = pads[axis];
            torch[2 * i + 1] = pads[axis + rank];
        }
        return torch;
    }
}
