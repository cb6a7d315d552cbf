package io.cardeck.pruner;

import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import java.util.List;
import java.util.Random;

/** Small classifiers built in code for the tests: 1x28x28 images, 10 classes. */
final class TestModels {

    static final int PIXELS = 28 * 28;
    static final int CLASSES = 10;
    static final List<String> LABELS = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private TestModels() {
    }

    /**
     * Flatten -> Gemm(w1: hidden x 784, b1) -> Relu -> Gemm(w2: 10 x hidden, b2). Every weight and
     * bias is non-zero, so a model prunes to exactly the zeros the pruner makes.
     */
    static OnnxModel mlp(int hidden, long seed) {
        Random random = new Random(seed);
        return GraphBuilder.named("mlp")
                .input("x", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("w1", new long[] {hidden, PIXELS}, nonZero(random, hidden * PIXELS))
                .initializer("b1", new long[] {hidden}, nonZero(random, hidden))
                .initializer("w2", new long[] {CLASSES, hidden}, nonZero(random, CLASSES * hidden))
                .initializer("b2", new long[] {CLASSES}, nonZero(random, CLASSES))
                .node("flatten", "Flatten", List.of("x"), "flat")
                .node("fc1", "Gemm", List.of("flat", "w1", "b1"), "h", NodeAttribute.ofInt("transB", 1))
                .node("relu", "Relu", List.of("h"), "r")
                .node("fc2", "Gemm", List.of("r", "w2", "b2"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, CLASSES)
                .build();
    }

    /** Parameters of {@link #mlp}: both weights and both biases. */
    static long mlpParameters(int hidden) {
        return (long) hidden * PIXELS + hidden + (long) CLASSES * hidden + CLASSES;
    }

    /** Values in the prunable weights (w1, w2) of {@link #mlp}. */
    static long mlpWeights(int hidden) {
        return (long) hidden * PIXELS + (long) CLASSES * hidden;
    }

    /**
     * Conv(4 filters) -> Relu -> Reshape to rows -> Gemm: a working classifier, but its feature map is
     * flattened by Reshape (as {@code x.view(n, -1)} exports), which structured pruning cannot follow.
     */
    static OnnxModel reshapedConvolution() {
        Random random = new Random(9);
        int features = 4 * 26 * 26;
        return GraphBuilder.named("reshaped")
                .input("x", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("conv.w", new long[] {4, 1, 3, 3}, nonZero(random, 36))
                .int64Initializer("rows", 0, -1)
                .initializer("fc.w", new long[] {CLASSES, features}, nonZero(random, CLASSES * features))
                .node("conv", "Conv", List.of("x", "conv.w"), "c")
                .node("relu", "Relu", List.of("c"), "r")
                .node("to-rows", "Reshape", List.of("r", "rows"), "flat")
                .node("fc", "Gemm", List.of("flat", "fc.w"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, CLASSES)
                .build();
    }

    /** A classifier fed flat vectors [N, 784]: ONNX Runtime runs it, but it is not an NCHW image model. */
    static OnnxModel flatInput() {
        Random random = new Random(7);
        return GraphBuilder.named("flat")
                .input("x", GraphBuilder.BATCH, PIXELS)
                .initializer("w", new long[] {CLASSES, PIXELS}, nonZero(random, CLASSES * PIXELS))
                .node("fc", "Gemm", List.of("x", "w"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, CLASSES)
                .build();
    }

    /** A model using an operator no ONNX opset defines: outside the operators uploads may use. */
    static OnnxModel unknownOperator() {
        return GraphBuilder.named("unknown-op")
                .input("x", GraphBuilder.BATCH, 1, 28, 28)
                .node("mystery", "NoSuchOperator", List.of("x"), "logits")
                .output("logits", GraphBuilder.BATCH, CLASSES)
                .build();
    }

    private static float[] nonZero(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            float value = (float) (random.nextGaussian() * 0.05);
            values[i] = value == 0f ? 0.01f : value;
        }
        return values;
    }
}
