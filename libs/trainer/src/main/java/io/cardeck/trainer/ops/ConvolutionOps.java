package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;

/** Conv (1-D to 3-D, groups, strides, dilations, explicit or automatic padding). */
final class ConvolutionOps {

    /**
     * oneDNN, which runs PyTorch's float convolutions on the CPU, copies tensors into blocks of 16
     * channels and leaves the padding of a partial last block uninitialised; the forward pass reads it
     * in an input of more than 16 channels, the backward pass in the gradient of the output. What the
     * allocator left there (the trainer keeps freed memory for reuse) made the results of pruned layers
     * (22 of 32 channels) wrong or NaN from run to run. Zeros up to whole blocks keep every read defined;
     * grouped convs keep their shapes (their channels are blocked per group).
     */
    private static final long CHANNEL_BLOCK = 16;

    private ConvolutionOps() {
    }

    static void register(OpRegistry.Builder registry) {
        registry.add("Conv", ConvolutionOps::conv);
    }

    private static Kernel conv(NodeContext node) {
        SlidingWindow window = SlidingWindow.of(node, false);
        long group = node.node().intAttribute("group", 1);
        if (group < 1 || group > Integer.MAX_VALUE) {
            throw node.error("group must be a positive int, got " + group);
        }
        if (!node.hasInput(0) || !node.hasInput(1)) {
            throw node.error("Conv needs its inputs X and W");
        }
        long[] declaredKernel = window.kernelShape();
        return (inputs, context) -> {
            NDArray x = inputs[0];
            NDArray weight = inputs[1];
            NDArray bias = Kernel.optionalInput(inputs, 2);
            long[] weightShape = weight.getShape().getShape();
            int rank = weightShape.length - 2;
            if (rank < 1 || rank > 3) {
                throw new IllegalArgumentException("weight has shape " + weight.getShape()
                        + "; Conv supports 1 to 3 spatial axes");
            }
            long[] kernel = Arrays.copyOfRange(weightShape, 2, weightShape.length);
            if (declaredKernel.length > 0 && !Arrays.equals(declaredKernel, kernel)) {
                throw new IllegalArgumentException("kernel_shape " + Arrays.toString(declaredKernel)
                        + " differs from the weight's spatial dims " + Arrays.toString(kernel));
            }
            long[] pads = window.pads(SlidingWindow.spatialSizes(x), kernel);
            long[] padding = Arrays.copyOf(pads, rank);
            if (!SlidingWindow.symmetric(pads)) {
                x = SlidingWindow.pad(x, pads, 0);
                padding = new long[rank];
            }
            long outputs = weightShape[0];
            long extraInputs = group == 1 && weightShape[1] > CHANNEL_BLOCK ? toWholeBlock(weightShape[1]) : 0;
            // Only a pass that autograd records has an output gradient to read.
            long extraOutputs = group == 1 && JniUtils.isGradMode() ? toWholeBlock(outputs) : 0;
            x = appendZeros(x, 1, extraInputs);
            weight = appendZeros(appendZeros(weight, 1, extraInputs), 0, extraOutputs);
            bias = bias == null ? null : appendZeros(bias, 0, extraOutputs);
            NDArray y = JniUtils.convolution((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias,
                    new Shape(window.strides(rank)), new Shape(padding), new Shape(window.dilations(rank)),
                    (int) group);
            return new NDArray[] {extraOutputs == 0 ? y : y.get(new NDIndex(":, :{}", outputs))};
        };
    }

    /** How many channels {@code channels} lacks to fill its last block. */
    private static long toWholeBlock(long channels) {
        return (CHANNEL_BLOCK - channels % CHANNEL_BLOCK) % CHANNEL_BLOCK;
    }

    /** {@code array} with {@code count} zeros appended along {@code axis}; itself when {@code count} is 0. */
    private static NDArray appendZeros(NDArray array, int axis, long count) {
        if (count == 0) {
            return array;
        }
        // PyTorch's pads run from the last axis backwards, a (begin, end) pair each: the last entry ends the axis.
        long[] pads = new long[2 * (array.getShape().dimension() - axis)];
        pads[pads.length - 1] = count;
        return JniUtils.pad((PtNDArray) array, pads, 0);
    }
}
