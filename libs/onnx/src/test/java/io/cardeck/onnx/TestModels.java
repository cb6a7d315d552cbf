package io.cardeck.onnx;

import java.util.List;
import java.util.Random;

/**
 * Small models built with {@link GraphBuilder}, with their weights kept so tests can compute the
 * same math directly.
 */
public final class TestModels {

    private TestModels() {
    }

    /** Deterministic values in [-1, 1). */
    public static float[] values(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /**
     * input [N,1,6,6] -> Conv(2 filters 3x3, pad 1) -> Relu -> MaxPool(2, stride 2) -> Flatten
     * -> Gemm(18 -> 3, transB) -> logits [N,3].
     */
    public record TinyCnn(OnnxModel model, float[] convWeight, float[] convBias, float[] fcWeight, float[] fcBias) {

        public static TinyCnn create() {
            float[] convWeight = values(2 * 9, 1);
            float[] convBias = values(2, 2);
            float[] fcWeight = values(3 * 18, 3);
            float[] fcBias = values(3, 4);
            OnnxModel model = GraphBuilder.named("tiny-cnn")
                    .input("input", GraphBuilder.BATCH, 1, 6, 6)
                    .initializer("conv.weight", new long[] {2, 1, 3, 3}, convWeight)
                    .initializer("conv.bias", new long[] {2}, convBias)
                    .initializer("fc.weight", new long[] {3, 18}, fcWeight)
                    .initializer("fc.bias", new long[] {3}, fcBias)
                    .node("conv", "Conv", List.of("input", "conv.weight", "conv.bias"), "conv.out",
                            NodeAttribute.ofInts("kernel_shape", 3, 3), NodeAttribute.ofInts("pads", 1, 1, 1, 1))
                    .node("relu", "Relu", List.of("conv.out"), "relu.out")
                    .node("pool", "MaxPool", List.of("relu.out"), "pool.out",
                            NodeAttribute.ofInts("kernel_shape", 2, 2), NodeAttribute.ofInts("strides", 2, 2))
                    .node("flatten", "Flatten", List.of("pool.out"), "flat", NodeAttribute.ofInt("axis", 1))
                    .node("fc", "Gemm", List.of("flat", "fc.weight", "fc.bias"), "logits",
                            NodeAttribute.ofInt("transB", 1), NodeAttribute.ofFloat("alpha", 1f))
                    .output("logits", GraphBuilder.BATCH, 3)
                    .build();
            return new TinyCnn(model, convWeight, convBias, fcWeight, fcBias);
        }

        /** The model's math, computed directly. */
        public float[] expectedLogits(float[] input, int batch) {
            return expectedLogits(input, batch, fcWeight);
        }

        public float[] expectedLogits(float[] input, int batch, float[] gemmWeight) {
            float[] pooled = ReferenceOps.maxPool(expectedRelu(input, batch), batch, 2, 6, 6, 2, 2);
            return ReferenceOps.gemm(pooled, batch, 18, gemmWeight, 3, true, fcBias);
        }

        public float[] expectedConv(float[] input, int batch) {
            return ReferenceOps.conv2d(input, batch, 1, 6, 6, convWeight, 2, 3, convBias, 1, 1, 1);
        }

        public float[] expectedRelu(float[] input, int batch) {
            return ReferenceOps.relu(expectedConv(input, batch));
        }
    }

    /** input [N,4] -> Gemm(W [4,3], bias [3]) -> output [N,3]. */
    public record PureGemm(OnnxModel model, float[] weight, float[] bias) {

        public static PureGemm create() {
            float[] weight = values(12, 11);
            float[] bias = values(3, 12);
            OnnxModel model = GraphBuilder.named("pure-gemm")
                    .input("x", GraphBuilder.BATCH, 4)
                    .initializer("w", new long[] {4, 3}, weight)
                    .initializer("b", new long[] {3}, bias)
                    .node("fc", "Gemm", List.of("x", "w", "b"), "y")
                    .output("y", GraphBuilder.BATCH, 3)
                    .build();
            return new PureGemm(model, weight, bias);
        }

        public float[] expected(float[] input, int batch) {
            return ReferenceOps.gemm(input, batch, 4, weight, 3, false, bias);
        }
    }
}
