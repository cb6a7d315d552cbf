package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;

/** Conv (1-D to 3-D, groups, strides, dilations, explicit or automatic padding). */
final class ConvolutionOps {

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
            return new NDArray[] {JniUtils.convolution((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias,
                    new Shape(window.strides(rank)), new Shape(padding), new Shape(window.dilations(rank)),
                    (int) group)};
        };
    }
}
