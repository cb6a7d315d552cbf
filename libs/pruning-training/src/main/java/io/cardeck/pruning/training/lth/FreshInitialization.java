package io.cardeck.pruning.training.lth;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A model's graph with fresh weights: He-normal Conv, Gemm and MatMul weights (std sqrt(2 / fan-in),
 * as PyTorch's kaiming_normal_), zero biases, BatchNorm scale 1, shift 0, running mean 0 and
 * variance 1. What the lottery ticket trains from when no early snapshot of the model exists.
 */
final class FreshInitialization {

    private FreshInitialization() {}

    static OnnxModel of(OnnxModel model, long seed) {
        OnnxGraph graph = model.graph();
        ModelEditor editor = model.edit();
        SplittableRandom random = new SplittableRandom(seed);
        for (OnnxNode node : graph.nodes()) {
            switch (node.opType()) {
                case "Conv", "Gemm", "MatMul" -> {
                    String weight = node.inputs().get(1);
                    if (isFloatInitializer(graph, weight)) {
                        FloatTensor w = graph.floatInitializer(weight);
                        double std = Math.sqrt(2.0 / fanIn(node, w.dims()));
                        float[] values = new float[w.data().length];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = (float) (random.nextGaussian() * std);
                        }
                        editor.replaceInitializer(new FloatTensor(weight, w.dims(), values));
                    }
                    if (node.inputs().size() > 2 && isFloatInitializer(graph, node.inputs().get(2))) {
                        fill(editor, graph.floatInitializer(node.inputs().get(2)), 0f);
                    }
                }
                case "BatchNormalization" -> {
                    float[] fills = {1f, 0f, 0f, 1f};
                    for (int input = 1; input <= 4 && input < node.inputs().size(); input++) {
                        if (isFloatInitializer(graph, node.inputs().get(input))) {
                            fill(editor, graph.floatInitializer(node.inputs().get(input)), fills[input - 1]);
                        }
                    }
                }
                default -> { }
            }
        }
        return editor.build();
    }

    private static long fanIn(OnnxNode node, long[] dims) {
        if (node.opType().equals("Conv")) {
            return Arrays.stream(dims).skip(1).reduce(1, Math::multiplyExact);
        }
        boolean transposed = node.opType().equals("Gemm") && node.intAttribute("transB", 0) != 0;
        return transposed ? dims[1] : dims[0];
    }

    private static boolean isFloatInitializer(OnnxGraph graph, String name) {
        return graph.isInitializer(name)
                && graph.initializerType(name) == ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    }

    private static void fill(ModelEditor editor, FloatTensor tensor, float value) {
        float[] values = new float[tensor.data().length];
        Arrays.fill(values, value);
        editor.replaceInitializer(new FloatTensor(tensor.name(), tensor.dims(), values));
    }
}
