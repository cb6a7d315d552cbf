package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;

/** MaxPool, AveragePool and GlobalAveragePool. */
final class PoolingOps {

    private PoolingOps() {
    }

    static void register(OpRegistry.Builder registry) {
        registry.add("MaxPool", PoolingOps::maxPool);
        registry.add("AveragePool", PoolingOps::averagePool);
        registry.add("GlobalAveragePool", node -> (inputs, context) -> {
            NDArray x = inputs[0];
            Shape shape = x.getShape();
            long[] pooled = new long[shape.dimension()];
            Arrays.fill(pooled, 1);
            pooled[0] = shape.get(0);
            pooled[1] = shape.get(1);
            // One mean over the flattened spatial axes: DJL's mean takes a single axis with keepDims.
            return new NDArray[] {x.reshape(pooled[0], pooled[1], -1).mean(new int[] {2}).reshape(new Shape(pooled))};
        });
    }

    private static Kernel maxPool(NodeContext node) {
        SlidingWindow window = SlidingWindow.of(node, true);
        long[] kernel = window.kernelShape();
        for (long dilation : window.dilations(kernel.length)) {
            if (dilation != 1) {
                throw node.error("dilations other than 1 are not supported for MaxPool");
            }
        }
        if (node.hasOutput(1)) {
            throw node.error("the Indices output of MaxPool is not supported");
        }
        boolean ceil = ceilMode(node);
        return (inputs, context) -> {
            NDArray x = inputs[0];
            long[] pads = window.pads(SlidingWindow.spatialSizes(x), kernel);
            if (SlidingWindow.any(pads)) {
                // Padding with -inf never wins a max, which is how ONNX defines padded max pooling.
                x = SlidingWindow.pad(x, pads, Double.NEGATIVE_INFINITY);
            }
            return new NDArray[] {JniUtils.maxPool((PtNDArray) x, new Shape(kernel),
                    new Shape(window.strides(kernel.length)), new Shape(new long[kernel.length]), ceil)};
        };
    }

    private static Kernel averagePool(NodeContext node) {
        SlidingWindow window = SlidingWindow.of(node, true);
        long[] kernel = window.kernelShape();
        for (long dilation : window.dilations(kernel.length)) {
            if (dilation != 1) {
                throw node.error("dilations other than 1 are not supported for AveragePool");
            }
        }
        boolean ceil = ceilMode(node);
        boolean countIncludePad = node.node().intAttribute("count_include_pad", 0) != 0;
        return (inputs, context) -> {
            NDArray x = inputs[0];
            long[] pads = window.pads(SlidingWindow.spatialSizes(x), kernel);
            Shape kernelShape = new Shape(kernel);
            Shape strides = new Shape(window.strides(kernel.length));
            Shape noPadding = new Shape(new long[kernel.length]);
            if (!SlidingWindow.any(pads)) {
                return new NDArray[] {JniUtils.avgPool((PtNDArray) x, kernelShape, strides, noPadding, ceil, true)};
            }
            // Zero padding is done here (PyTorch's own padding is symmetric only), so the pool counts the
            // padded cells; without count_include_pad the sums are divided by the count of real cells
            // instead, which is the same pooling applied to a padded plane of ones.
            NDArray padded = SlidingWindow.pad(x, pads, 0);
            NDArray average = JniUtils.avgPool((PtNDArray) padded, kernelShape, strides, noPadding, ceil, true);
            if (countIncludePad) {
                return new NDArray[] {average};
            }
            long[] plane = new long[kernel.length + 2];
            plane[0] = 1;
            plane[1] = 1;
            System.arraycopy(SlidingWindow.spatialSizes(x), 0, plane, 2, kernel.length);
            NDArray ones = context.manager().ones(new Shape(plane), x.getDataType());
            NDArray share = JniUtils.avgPool((PtNDArray) SlidingWindow.pad(ones, pads, 0), kernelShape, strides,
                    noPadding, ceil, true);
            return new NDArray[] {average.div(share)};
        };
    }

    private static boolean ceilMode(NodeContext node) {
        return node.node().intAttribute("ceil_mode", 0) != 0;
    }
}
