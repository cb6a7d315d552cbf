package io.cardeck.trainer;

import static io.cardeck.onnx.NodeAttribute.ofFloat;
import static io.cardeck.onnx.NodeAttribute.ofInt;
import static io.cardeck.onnx.NodeAttribute.ofInts;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.OnnxModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small networks built with GraphBuilder and the real Fashion-MNIST data for the trainer's tests. */
public final class TestNets {

    private static DatasetSource fashion;

    private TestNets() {
    }

    /** Real Fashion-MNIST (from /usr/share/datasets/fashion-mnist), read once per test JVM. */
    public static synchronized ImageDataset fashionMnist(String split) {
        if (fashion == null) {
            fashion = new DatasetCatalog(Map.of()).source(DatasetCatalog.FASHION_MNIST);
        }
        return fashion.split(split);
    }

    /** He-uniform weights for a layer with {@code fanIn} inputs. */
    public static float[] he(int count, int fanIn, long seed) {
        double bound = Math.sqrt(6.0 / fanIn);
        return Checks.uniform(count, seed, -bound, bound);
    }

    private static float[] filled(int count, float value) {
        float[] values = new float[count];
        Arrays.fill(values, value);
        return values;
    }

    /**
     * input [N,1,28,28] -> Conv 4 3x3 s2 p1 -> BN -> Relu -> Conv 4 3x3 p1 -> BN -> Add(residual) -> Relu
     * -> MaxPool 2 -> AveragePool 3 s2 p1 -> Flatten -> Gemm 64->10 -> logits.
     * BN statistics start away from 0/1 so that inference-mode outputs depend on them.
     */
    public static OnnxModel residualNet() {
        return GraphBuilder.named("residual-net")
                .input("input", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("conv1.weight", new long[] {4, 1, 3, 3}, he(36, 9, 1))
                .initializer("conv1.bias", new long[] {4}, Checks.uniform(4, 2, -0.1, 0.1))
                .initializer("bn1.scale", new long[] {4}, Checks.uniform(4, 3, 0.8, 1.2))
                .initializer("bn1.bias", new long[] {4}, Checks.uniform(4, 4, -0.1, 0.1))
                .initializer("bn1.mean", new long[] {4}, Checks.uniform(4, 5, -0.2, 0.2))
                .initializer("bn1.var", new long[] {4}, Checks.uniform(4, 6, 0.5, 1.5))
                .initializer("conv2.weight", new long[] {4, 4, 3, 3}, he(144, 36, 7))
                .initializer("bn2.scale", new long[] {4}, Checks.uniform(4, 8, 0.8, 1.2))
                .initializer("bn2.bias", new long[] {4}, Checks.uniform(4, 9, -0.1, 0.1))
                .initializer("bn2.mean", new long[] {4}, Checks.uniform(4, 10, -0.2, 0.2))
                .initializer("bn2.var", new long[] {4}, Checks.uniform(4, 11, 0.5, 1.5))
                .initializer("fc.weight", new long[] {10, 64}, he(640, 64, 12))
                .initializer("fc.bias", new long[] {10}, filled(10, 0))
                .node("conv1", "Conv", List.of("input", "conv1.weight", "conv1.bias"), "c1",
                        ofInts("kernel_shape", 3, 3), ofInts("strides", 2, 2), ofInts("pads", 1, 1, 1, 1))
                .node("bn1", "BatchNormalization", List.of("c1", "bn1.scale", "bn1.bias", "bn1.mean", "bn1.var"), "b1",
                        ofFloat("momentum", 0.9f))
                .node("relu1", "Relu", List.of("b1"), "r1")
                .node("conv2", "Conv", List.of("r1", "conv2.weight"), "c2", ofInts("pads", 1, 1, 1, 1))
                .node("bn2", "BatchNormalization", List.of("c2", "bn2.scale", "bn2.bias", "bn2.mean", "bn2.var"), "b2")
                .node("residual", "Add", List.of("b2", "r1"), "sum")
                .node("relu2", "Relu", List.of("sum"), "r2")
                .node("maxpool", "MaxPool", List.of("r2"), "p1", ofInts("kernel_shape", 2, 2), ofInts("strides", 2, 2))
                .node("avgpool", "AveragePool", List.of("p1"), "p2", ofInts("kernel_shape", 3, 3),
                        ofInts("strides", 2, 2), ofInts("pads", 1, 1, 1, 1))
                .node("flatten", "Flatten", List.of("p2"), "flat", ofInt("axis", 1))
                .node("fc", "Gemm", List.of("flat", "fc.weight", "fc.bias"), "logits", ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, 10)
                .build();
    }

    /**
     * A small classifier for Fashion-MNIST: Conv 8 -> BN -> Relu -> MaxPool -> Conv 16 -> BN -> Relu
     * -> MaxPool -> Flatten -> Dropout 0.1 -> Gemm 784->10.
     */
    public static OnnxModel smallCnn(long seed) {
        return GraphBuilder.named("small-cnn")
                .input("input", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("conv1.weight", new long[] {8, 1, 3, 3}, he(72, 9, seed))
                .initializer("conv1.bias", new long[] {8}, filled(8, 0))
                .initializer("bn1.scale", new long[] {8}, filled(8, 1))
                .initializer("bn1.bias", new long[] {8}, filled(8, 0))
                .initializer("bn1.mean", new long[] {8}, filled(8, 0))
                .initializer("bn1.var", new long[] {8}, filled(8, 1))
                .initializer("conv2.weight", new long[] {16, 8, 3, 3}, he(1152, 72, seed + 1))
                .initializer("bn2.scale", new long[] {16}, filled(16, 1))
                .initializer("bn2.bias", new long[] {16}, filled(16, 0))
                .initializer("bn2.mean", new long[] {16}, filled(16, 0))
                .initializer("bn2.var", new long[] {16}, filled(16, 1))
                .initializer("fc.weight", new long[] {10, 784}, he(7840, 784, seed + 2))
                .initializer("fc.bias", new long[] {10}, filled(10, 0))
                .node("conv1", "Conv", List.of("input", "conv1.weight", "conv1.bias"), "c1", ofInts("pads", 1, 1, 1, 1))
                .node("bn1", "BatchNormalization", List.of("c1", "bn1.scale", "bn1.bias", "bn1.mean", "bn1.var"), "b1")
                .node("relu1", "Relu", List.of("b1"), "r1")
                .node("pool1", "MaxPool", List.of("r1"), "p1", ofInts("kernel_shape", 2, 2), ofInts("strides", 2, 2))
                .node("conv2", "Conv", List.of("p1", "conv2.weight"), "c2", ofInts("pads", 1, 1, 1, 1))
                .node("bn2", "BatchNormalization", List.of("c2", "bn2.scale", "bn2.bias", "bn2.mean", "bn2.var"), "b2")
                .node("relu2", "Relu", List.of("b2"), "r2")
                .node("pool2", "MaxPool", List.of("r2"), "p2", ofInts("kernel_shape", 2, 2), ofInts("strides", 2, 2))
                .node("flatten", "Flatten", List.of("p2"), "flat")
                .initializer("dropout.ratio", new long[0], new float[] {0.1f})
                .node("dropout", "Dropout", List.of("flat", "dropout.ratio"), "dropped")
                .node("fc", "Gemm", List.of("dropped", "fc.weight", "fc.bias"), "logits", ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, 10)
                .build();
    }
}
