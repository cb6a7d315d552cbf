package io.cardeck.bench;

import io.cardeck.data.ImageShape;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A LeNet-5-shaped convolutional net with random weights: Conv 6@5x5 (pad 2), ReLU, MaxPool 2, Conv
 * 16@5x5, ReLU, MaxPool 2, Flatten, Gemm 120, ReLU, Gemm 84, ReLU, Gemm to the classes. Inference
 * time does not depend on the weight values, so it stands for a small trained CNN in throughput runs.
 */
final class LeNet5 {

    static final String INPUT = "images";
    static final String OUTPUT = "logits";
    private static final int KERNEL = 5;

    private LeNet5() {
    }

    /** The net for images of {@code shape}, weights uniform in +-1/sqrt(fan-in) (PyTorch's default) from {@code seed}. */
    static OnnxModel build(ImageShape shape, int classes, long seed) {
        // conv1 keeps the size (pad 2), each pool halves it, conv2 (no pad) takes 4 off
        int side1 = Math.min(shape.height(), shape.width()) / 2;
        if (side1 - (KERNEL - 1) < 2 || classes < 2) {
            throw new IllegalArgumentException("LeNet-5 needs images of at least 12x12 and 2 classes, got " + shape
                    + " and " + classes + " classes");
        }
        int height2 = (shape.height() / 2 - (KERNEL - 1)) / 2;
        int width2 = (shape.width() / 2 - (KERNEL - 1)) / 2;
        int flat = 16 * height2 * width2;
        SplittableRandom random = new SplittableRandom(seed);
        GraphBuilder graph = GraphBuilder.named("lenet5")
                .input(INPUT, GraphBuilder.BATCH, shape.channels(), shape.height(), shape.width());
        weights(graph, "conv1", new long[] {6, shape.channels(), KERNEL, KERNEL}, random);
        weights(graph, "conv2", new long[] {16, 6, KERNEL, KERNEL}, random);
        weights(graph, "fc1", new long[] {120, flat}, random);
        weights(graph, "fc2", new long[] {84, 120}, random);
        weights(graph, "fc3", new long[] {classes, 84}, random);
        NodeAttribute kernel = NodeAttribute.ofInts("kernel_shape", KERNEL, KERNEL);
        NodeAttribute pool = NodeAttribute.ofInts("kernel_shape", 2, 2);
        NodeAttribute poolStrides = NodeAttribute.ofInts("strides", 2, 2);
        NodeAttribute transposed = NodeAttribute.ofInt("transB", 1);
        return graph
                .node("conv1", "Conv", List.of(INPUT, "conv1.weight", "conv1.bias"), "conv1.out",
                        kernel, NodeAttribute.ofInts("pads", 2, 2, 2, 2))
                .node("relu1", "Relu", List.of("conv1.out"), "relu1.out")
                .node("pool1", "MaxPool", List.of("relu1.out"), "pool1.out", pool, poolStrides)
                .node("conv2", "Conv", List.of("pool1.out", "conv2.weight", "conv2.bias"), "conv2.out", kernel)
                .node("relu2", "Relu", List.of("conv2.out"), "relu2.out")
                .node("pool2", "MaxPool", List.of("relu2.out"), "pool2.out", pool, poolStrides)
                .node("flatten", "Flatten", List.of("pool2.out"), "flat", NodeAttribute.ofInt("axis", 1))
                .node("fc1", "Gemm", List.of("flat", "fc1.weight", "fc1.bias"), "fc1.out", transposed)
                .node("relu3", "Relu", List.of("fc1.out"), "relu3.out")
                .node("fc2", "Gemm", List.of("relu3.out", "fc2.weight", "fc2.bias"), "fc2.out", transposed)
                .node("relu4", "Relu", List.of("fc2.out"), "relu4.out")
                .node("fc3", "Gemm", List.of("relu4.out", "fc3.weight", "fc3.bias"), OUTPUT, transposed)
                .output(OUTPUT, GraphBuilder.BATCH, classes)
                .build();
    }

    /** {@code layer.weight} of {@code dims} (output channels first) and {@code layer.bias}. */
    private static void weights(GraphBuilder graph, String layer, long[] dims, SplittableRandom random) {
        int outputs = (int) dims[0];
        int fanIn = 1;
        for (int d = 1; d < dims.length; d++) {
            fanIn *= (int) dims[d];
        }
        double bound = 1 / Math.sqrt(fanIn);
        graph.initializer(layer + ".weight", dims, uniform(outputs * fanIn, bound, random));
        graph.initializer(layer + ".bias", new long[] {outputs}, uniform(outputs, bound, random));
    }

    private static float[] uniform(int count, double bound, SplittableRandom random) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-bound, bound);
        }
        return values;
    }
}
