package io.cardeck.gateway.it;

import io.cardeck.data.ClassNames;
import io.cardeck.data.ImageShape;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.zoo.ArchitectureSpec;
import io.cardeck.zoo.Architectures;
import io.cardeck.zoo.Normalization;
import java.util.Arrays;
import java.util.List;

/** ONNX models for the upload tests, built in code: real ones and ones with one thing wrong. */
final class TestModels {

    static final String DATASET = "fashion-mnist";

    private TestModels() {
    }

    /** LeNet-5 for Fashion-MNIST: 1x28x28 input, 10 classes. */
    static byte[] lenet() {
        return lenet(new ImageShape(1, 28, 28), 10);
    }

    static byte[] lenet(ImageShape input, int classes) {
        ArchitectureSpec spec = new ArchitectureSpec("lenet5", input, classes, 1, 7, Normalization.FASHION_MNIST);
        return Architectures.byName("lenet5").build(spec, DATASET, ClassNames.numbered(classes)).toBytes();
    }

    /**
     * Conv -> Relu -> Reshape to rows -> Gemm: a working classifier whose feature map is flattened by
     * Reshape (as {@code x.view(n, -1)} exports), which structured pruning cannot follow.
     */
    static OnnxModel reshapedConvolution() {
        int features = 4 * 26 * 26;
        float[] conv = new float[36];
        float[] fc = new float[10 * features];
        Arrays.fill(conv, 0.1f);
        Arrays.fill(fc, 0.01f);
        return GraphBuilder.named("reshaped")
                .input("x", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("conv.w", new long[] {4, 1, 3, 3}, conv)
                .int64Initializer("rows", 0, -1)
                .initializer("fc.w", new long[] {10, features}, fc)
                .node("conv", "Conv", List.of("x", "conv.w"), "c")
                .node("relu", "Relu", List.of("c"), "r")
                .node("to-rows", "Reshape", List.of("r", "rows"), "flat")
                .node("fc", "Gemm", List.of("flat", "fc.w"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, 10)
                .build();
    }

    /** A LeNet-5 without its opset_import: a valid protobuf, not a usable ONNX model. */
    static byte[] withoutOpset() {
        return OnnxModel.parse(lenet(), "lenet").proto().toBuilder().clearOpsetImport().build().toByteArray();
    }

    /** The first half of a LeNet-5, as an interrupted upload leaves it. */
    static byte[] truncated() {
        byte[] whole = lenet();
        return Arrays.copyOf(whole, whole.length / 2);
    }

    /** A graph of an operator that does not exist: outside the operators uploads may use. */
    static byte[] unknownOperator() {
        return GraphBuilder.named("unknown-operator")
                .input("images", GraphBuilder.BATCH, 1, 28, 28)
                .node("mystery", "NoSuchOperator", List.of("images"), "logits")
                .output("logits", GraphBuilder.BATCH, 10)
                .build().toBytes();
    }

    /** A classifier whose Relu carries an attribute Relu does not have: its shapes fit, ONNX Runtime refuses it. */
    static byte[] unknownAttribute() {
        return flattenedLinear("unknown-attribute", 784, "raw")
                .node("relu", "Relu", List.of("raw"), "logits", NodeAttribute.ofInt("bogus", 1))
                .output("logits", GraphBuilder.BATCH, 10)
                .build().toBytes();
    }

    /** Shapes that do not fit: a Gemm whose weights take 700 features of the image's 784. */
    static byte[] mismatchedWeights() {
        return flattenedLinear("mismatched", 700, "logits")
                .output("logits", GraphBuilder.BATCH, 10)
                .build().toBytes();
    }

    /** images -> Flatten -> Gemm with 10 x {@code features} weights -> {@code output}. */
    private static GraphBuilder flattenedLinear(String name, int features, String output) {
        return GraphBuilder.named(name)
                .input("images", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("weights", new long[] {10, features}, new float[10 * features])
                .node("flatten", "Flatten", List.of("images"), "flat", NodeAttribute.ofInt("axis", 1))
                .node("fc", "Gemm", List.of("flat", "weights"), output, NodeAttribute.ofInt("transB", 1));
    }

    /** A linear classifier over flat [N, 784] vectors: runs, but does not take [N, C, H, W] images. */
    static byte[] flatInput() {
        return GraphBuilder.named("flat")
                .input("pixels", GraphBuilder.BATCH, 784)
                .initializer("weights", new long[] {10, 784}, new float[10 * 784])
                .initializer("bias", new long[] {10}, new float[10])
                .node("linear", "Gemm", List.of("pixels", "weights", "bias"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, 10)
                .build().toBytes();
    }

    /**
     * A classifier that keeps ONNX Runtime busy for a while on one image: the image padded to 126x126, then
     * {@code layers} 7x7 convolutions of 16 channels (199 M multiply-adds each), all with one shared weight, in
     * under 1 MB (1,500 layers take about 3 s on a quiet 2-core machine). Within the graph check's bounds:
     * each tensor 254,016 floats per image, two held at once.
     */
    static byte[] slowConvolutions(int layers) {
        GraphBuilder builder = GraphBuilder.named("slow")
                .input("images", GraphBuilder.BATCH, 1, 28, 28)
                .int64Initializer("pads", 0, 0, 49, 49, 0, 0, 49, 49)
                .node("pad", "Pad", List.of("images", "pads"), "padded")
                .initializer("widen.w", new long[] {16, 1, 1, 1}, new float[16])
                .node("widen", "Conv", List.of("padded", "widen.w"), "c0")
                .initializer("shared.w", new long[] {16, 16, 7, 7}, new float[16 * 16 * 49]);
        for (int i = 1; i <= layers; i++) {
            builder.node("conv" + i, "Conv", List.of("c" + (i - 1), "shared.w"), "c" + i,
                    NodeAttribute.ofInts("pads", 3, 3, 3, 3));
        }
        return builder.initializer("fc.w", new long[] {10, 16}, new float[160])
                .node("pool", "GlobalAveragePool", List.of("c" + layers), "pooled")
                .node("flatten", "Flatten", List.of("pooled"), "flat", NodeAttribute.ofInt("axis", 1))
                .node("fc", "Gemm", List.of("flat", "fc.w"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, 10)
                .build().toBytes();
    }
}
