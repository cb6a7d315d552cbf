package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDArray;
import java.util.function.BinaryOperator;

/**
 * Element-wise Add, Sub, Mul, Div (ONNX multidirectional broadcasting is numpy broadcasting,
 * which PyTorch implements), MatMul and Gemm.
 */
final class ArithmeticOps {

    private ArithmeticOps() {
    }

    static void register(OpRegistry.Builder registry) {
        registry.add("Add", binary(NDArray::add));
        registry.add("Sub", binary(NDArray::sub));
        registry.add("Mul", binary(NDArray::mul));
        registry.add("Div", binary(NDArray::div));
        registry.add("MatMul", binary(NDArray::matMul));
        registry.add("Gemm", ArithmeticOps::gemm);
    }

    private static Operator binary(BinaryOperator<NDArray> operation) {
        return node -> {
            if (!node.hasInput(0) || !node.hasInput(1)) {
                throw node.error("needs two inputs A and B");
            }
            return (inputs, context) -> new NDArray[] {operation.apply(inputs[0], inputs[1])};
        };
    }

    /** Y = alpha * A' B' + beta * C, where A' and B' are A and B transposed when transA / transB are set. */
    private static Kernel gemm(NodeContext node) {
        boolean transA = node.node().intAttribute("transA", 0) != 0;
        boolean transB = node.node().intAttribute("transB", 0) != 0;
        float alpha = node.node().floatAttribute("alpha", 1f);
        float beta = node.node().floatAttribute("beta", 1f);
        if (!node.hasInput(0) || !node.hasInput(1)) {
            throw node.error("needs the inputs A and B");
        }
        return (inputs, context) -> {
            NDArray a = inputs[0];
            NDArray b = inputs[1];
            NDArray c = Kernel.optionalInput(inputs, 2);
            if (a.getShape().dimension() != 2 || b.getShape().dimension() != 2) {
                throw new IllegalArgumentException("A " + a.getShape() + " and B " + b.getShape() + " must be 2-D");
            }
            if (!transA && transB && alpha == 1f && (c == null || beta == 1f && c.getShape().dimension() == 1)) {
                // The fully-connected layer: one fused x W^T + b, without materialising W^T.
                return new NDArray[] {a.getNDArrayInternal().linear(a, b, c).singletonOrThrow()};
            }
            NDArray product = (transA ? a.transpose() : a).matMul(transB ? b.transpose() : b);
            if (alpha != 1f) {
                product = product.mul(alpha);
            }
            if (c != null) {
                product = product.add(beta == 1f ? c : c.mul(beta));
            }
            return new NDArray[] {product};
        };
    }
}
