package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Relu, LeakyRelu, Sigmoid, Tanh, Clip and Softmax. */
final class ActivationOps {

    private ActivationOps() {
    }

    static void register(OpRegistry.Builder registry) {
        registry.add("Relu", unary(x -> x.getNDArrayInternal().relu()));
        registry.add("Sigmoid", unary(x -> x.getNDArrayInternal().sigmoid()));
        registry.add("Tanh", unary(x -> x.getNDArrayInternal().tanh()));
        registry.add("LeakyRelu", node -> {
            float alpha = node.node().floatAttribute("alpha", 0.01f);
            return (inputs, context) -> new NDArray[] {inputs[0].getNDArrayInternal().leakyRelu(alpha)};
        });
        registry.add("Clip", Map.of(1, InputRole.CONSTANT, 2, InputRole.CONSTANT), ActivationOps::clip);
        registry.add("Softmax", ActivationOps::softmax);
    }

    private static Operator unary(UnaryOperator<NDArray> operation) {
        return node -> (inputs, context) -> new NDArray[] {operation.apply(inputs[0])};
    }

    /** Opset 11 and later take the bounds as optional inputs, earlier opsets as attributes. */
    private static Kernel clip(NodeContext node) {
        if (node.opset() < 11) {
            float min = node.node().floatAttribute("min", Float.NEGATIVE_INFINITY);
            float max = node.node().floatAttribute("max", Float.POSITIVE_INFINITY);
            return (inputs, context) -> new NDArray[] {JniUtils.clip((PtNDArray) inputs[0], min, max)};
        }
        Optional<Double> min = scalarBound(node, 1);
        Optional<Double> max = scalarBound(node, 2);
        boolean constantBounds = (!node.hasInput(1) || min.isPresent()) && (!node.hasInput(2) || max.isPresent());
        if (constantBounds) {
            double low = min.orElse(Double.NEGATIVE_INFINITY);
            double high = max.orElse(Double.POSITIVE_INFINITY);
            return (inputs, context) -> new NDArray[] {JniUtils.clip((PtNDArray) inputs[0], low, high)};
        }
        return (inputs, context) -> {
            NDArray result = inputs[0];
            NDArray low = Kernel.optionalInput(inputs, 1);
            NDArray high = Kernel.optionalInput(inputs, 2);
            if (low != null) {
                result = result.maximum(low);
            }
            if (high != null) {
                result = result.minimum(high);
            }
            return new NDArray[] {result};
        };
    }

    private static Optional<Double> scalarBound(NodeContext node, int index) {
        if (!node.hasInput(index)) {
            return Optional.empty();
        }
        return node.constant(index).map(bound -> {
            if (bound.size() != 1) {
                throw node.error("bound input " + index + " must be a scalar, has dims " + Arrays.toString(bound.dims()));
            }
            return bound.doubleValue(0);
        });
    }

    /** Opset 13 and later normalise along one axis; earlier opsets over all axes from {@code axis} on, as a 2-D matrix. */
    private static Kernel softmax(NodeContext node) {
        boolean legacy = node.opset() < 13;
        long axis = node.node().intAttribute("axis", legacy ? 1 : -1);
        return (inputs, context) -> {
            NDArray x = inputs[0];
            int rank = x.getShape().dimension();
            int normalized = Axes.normalize(axis, rank, false);
            if (!legacy) {
                return new NDArray[] {x.softmax(normalized)};
            }
            Shape shape = x.getShape();
            long rows = 1;
            for (int i = 0; i < normalized; i++) {
                rows *= shape.get(i);
            }
            return new NDArray[] {x.reshape(rows, -1).softmax(1).reshape(shape)};
        };
    }
}
