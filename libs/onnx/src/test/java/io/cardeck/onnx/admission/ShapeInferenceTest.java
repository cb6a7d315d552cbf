package io.cardeck.onnx.admission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.OutputTensor;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shapes inferred before a graph runs are the shapes ONNX Runtime computes when it runs. */
class ShapeInferenceTest {

    @ParameterizedTest
    @MethodSource("io.cardeck.onnx.admission.GraphAdmissionTest#zooModels")
    void everyTensorOfTheZooAndCardsHasTheShapeOnnxRuntimeGivesIt(Path file) throws IOException {
        OnnxModel model = OnnxModel.load(file);
        assertSameShapesAsOnnxRuntime(model, 1);
        assertSameShapesAsOnnxRuntime(model, 3);
    }

    @Test
    void everyAdmittedOperatorHasTheShapeOnnxRuntimeGivesIt() {
        OnnxModel model = everyOperator();
        TreeSet<String> used = new TreeSet<>();
        model.graph().nodes().forEach(node -> used.add(node.opType()));
        TreeSet<String> missing = new TreeSet<>(GraphLimits.DEFAULT_OPERATORS);
        missing.removeAll(used);
        assertEquals(new TreeSet<>(), missing, "admitted operators the test graph does not use");
        assertSameShapesAsOnnxRuntime(model, 1);
        assertSameShapesAsOnnxRuntime(model, 2);
    }

    @Test
    void aShapeBuiltFromAnotherTensorsShapeIsKnownByValue() {
        Map<String, ShapeInference.Tensor> tensors = inferred(everyOperator(), 5);
        // Shape -> Gather -> Concat -> Reshape, as exporters flatten: [N, -1] with N from the input's shape.
        assertArrayEquals(new long[] {5, -1}, tensors.get("flat.shape").values());
        assertArrayEquals(new long[] {5, 32 * 7 * 4}, tensors.get("flat").dims());
    }

    /** Every float tensor the nodes compute, inferred and as ONNX Runtime's run on zeros gives it. */
    private static void assertSameShapesAsOnnxRuntime(OnnxModel model, int batch) {
        Map<String, ShapeInference.Tensor> tensors = inferred(model, batch);
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (OnnxNode node : model.graph().nodes()) {
            for (String output : node.outputs()) {
                ShapeInference.Tensor tensor = tensors.get(output);
                if (!output.isEmpty() && tensor.elementBytes() == 4 && tensor.values() == null
                        && !node.opType().equals("Constant")) {
                    expected.put(output, tensor.dims());
                }
            }
        }
        assertTrue(expected.size() >= 5, "too few tensors compared: " + expected.keySet());
        OnnxModel probe = model.withExtraOutputs(expected.keySet());
        SessionOptionsSpec spec = SessionOptionsSpec.cpu().withOptimization(SessionOptionsSpec.Optimization.BASIC);
        try (ModelSession session = InferenceSessions.open(probe, spec)) {
            Map<String, OutputTensor> actual = session.runAll(new float[batch * session.sampleSize()], batch,
                    expected.keySet());
            for (Map.Entry<String, long[]> tensor : expected.entrySet()) {
                assertArrayEquals(actual.get(tensor.getKey()).shape(), tensor.getValue(), model.sourceName() + ": '"
                        + tensor.getKey() + "' at a batch of " + batch + ": inferred "
                        + Arrays.toString(tensor.getValue()) + ", ONNX Runtime " + Arrays.toString(actual.get(tensor.getKey()).shape()));
            }
        }
    }

    /** Every node output's inferred tensor, by name. */
    private static Map<String, ShapeInference.Tensor> inferred(OnnxModel model, long batch) {
        ShapeInference shapes = new ShapeInference();
        model.proto().getGraph().getInitializerList().forEach(t -> shapes.define(t.getName(), ShapeInference.constant(t)));
        long[] sample = model.graph().fixedSampleShape();
        long[] dims = new long[sample.length + 1];
        dims[0] = batch;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        shapes.define(model.graph().inputs().get(0).name(), ShapeInference.Tensor.of(dims, 4));
        Map<String, ShapeInference.Tensor> tensors = new LinkedHashMap<>();
        model.graph().topologicalOrder().forEach(node -> tensors.putAll(shapes.infer(node)));
        return tensors;
    }

    /**
     * A classifier of 1x28x28 images that uses each admitted operator, with the attributes that change
     * shapes (strides, dilations, groups, auto_pad, ceil_mode, negative axes and steps, transposes).
     */
    private static OnnxModel everyOperator() {
        return GraphBuilder.named("every-operator")
                .input("images", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("pad.value", new long[] {}, new float[] {0f})
                .int64Initializer("pads", 0, 0, 1, 2, 0, 0, 3, 0)
                .node("pad", "Pad", List.of("images", "pads", "pad.value"), "padded")
                // padded [N, 1, 32, 30]
                .initializer("c1.w", new long[] {8, 1, 3, 3}, new float[72])
                .initializer("c1.b", new long[] {8}, new float[8])
                .node("c1", "Conv", List.of("padded", "c1.w", "c1.b"), "c1.out",
                        NodeAttribute.ofInts("strides", 2, 1), NodeAttribute.ofInts("dilations", 1, 2),
                        NodeAttribute.ofInts("pads", 1, 0, 0, 1))
                .initializer("bn.scale", new long[] {8}, new float[] {1, 1, 1, 1, 1, 1, 1, 1})
                .initializer("bn.bias", new long[] {8}, new float[8])
                .initializer("bn.mean", new long[] {8}, new float[8])
                .initializer("bn.var", new long[] {8}, new float[] {1, 1, 1, 1, 1, 1, 1, 1})
                .node("bn", "BatchNormalization", List.of("c1.out", "bn.scale", "bn.bias", "bn.mean", "bn.var"), "bn.out")
                .node("relu", "Relu", List.of("bn.out"), "a1")
                .initializer("c2.w", new long[] {16, 4, 3, 3}, new float[16 * 4 * 9])
                .node("c2", "Conv", List.of("a1", "c2.w"), "c2.out", NodeAttribute.ofInt("group", 2),
                        NodeAttribute.ofString("auto_pad", "SAME_UPPER"), NodeAttribute.ofInts("strides", 2, 2))
                .node("leaky", "LeakyRelu", List.of("c2.out"), "a2", NodeAttribute.ofFloat("alpha", 0.1f))
                .node("max", "MaxPool", List.of("a2"), List.of("m1", "m1.indices"), NodeAttribute.ofInts("kernel_shape", 3, 3),
                        NodeAttribute.ofInts("strides", 2, 2), NodeAttribute.ofInt("ceil_mode", 1))
                .node("avg", "AveragePool", List.of("a2"), "p1", NodeAttribute.ofInts("kernel_shape", 3, 3),
                        NodeAttribute.ofInts("pads", 1, 1, 1, 1), NodeAttribute.ofInts("strides", 2, 2))
                .node("join", "Concat", List.of("m1", "p1"), "j1", NodeAttribute.ofInt("axis", 1))
                // j1 [N, 32, 4, 7]; transposed, tiled and sliced back to [N, 32, 7, 4]
                .node("swap", "Transpose", List.of("j1"), "t1", NodeAttribute.ofInts("perm", 0, 1, 3, 2))
                .int64Initializer("twice", 1, 1, 2, 1)
                .node("tile", "Tile", List.of("t1", "twice"), "t2")
                .int64Initializer("slice.starts", -1)
                .int64Initializer("slice.ends", -100)
                .int64Initializer("slice.axes", -2)
                .int64Initializer("slice.steps", -2)
                .node("slice", "Slice", List.of("t2", "slice.starts", "slice.ends", "slice.axes", "slice.steps"), "t3")
                .initializer("c3.w", new long[] {32, 32, 1, 1}, new float[32 * 32])
                .node("c3", "Conv", List.of("t3", "c3.w"), "c3.out", NodeAttribute.ofString("auto_pad", "VALID"))
                .node("elu", "Elu", List.of("c3.out"), "e1")
                .node("hsig", "HardSigmoid", List.of("e1"), "e2")
                .node("hswish", "HardSwish", List.of("e2"), "e3")
                .node("softplus", "Softplus", List.of("e3"), "e4")
                .node("sigmoid", "Sigmoid", List.of("e4"), "e5")
                .node("tanh", "Tanh", List.of("e5"), "e6")
                .initializer("clip.min", new long[] {}, new float[] {-1f})
                .node("clip", "Clip", List.of("e6", "clip.min"), "e7")
                .node("dropout", "Dropout", List.of("e7"), "e8")
                .node("identity", "Identity", List.of("e8"), "e9")
                .node("gmax", "GlobalMaxPool", List.of("e9"), "g1")
                .node("gavg", "GlobalAveragePool", List.of("e9"), "g2")
                .node("sub", "Sub", List.of("g1", "g2"), "g3")
                .int64Initializer("squeeze.axes", -1, 2)
                .node("squeeze", "Squeeze", List.of("g3", "squeeze.axes"), "g4")
                // g4 [N, 32]; the flattening of e9 to [N, 32*7*4] takes a shape computed from e9's shape
                .node("measure", "Shape", List.of("e9"), "e9.shape")
                .int64Initializer("batch.axis", 0)
                .node("batch", "Gather", List.of("e9.shape", "batch.axis"), "n")
                .int64Initializer("rest", -1)
                .node("target", "Concat", List.of("n", "rest"), "flat.shape", NodeAttribute.ofInt("axis", 0))
                .node("reshape", "Reshape", List.of("e9", "flat.shape"), "flat")
                .node("cast", "Cast", List.of("flat"), "flat.float", NodeAttribute.ofInt("to", TensorProto.DataType.FLOAT_VALUE))
                .initializer("fc.w", new long[] {32 * 7 * 4, 32}, new float[32 * 7 * 4 * 32])
                .node("matmul", "MatMul", List.of("flat.float", "fc.w"), "h1")
                .node("mul", "Mul", List.of("h1", "g4"), "h2")
                .int64Initializer("unsqueeze.axes", 1)
                .node("unsqueeze", "Unsqueeze", List.of("h2", "unsqueeze.axes"), "h3")
                // h3 [N, 1, 32]; Expand to [N, 3, 32], Flatten from axis 2 to [N * 3, 32]
                .node("three", "Constant", List.of(), "three", NodeAttribute.ofInts("value_ints", 1, 3, 1))
                .node("expand", "Expand", List.of("h3", "three"), "h4")
                .node("flatten", "Flatten", List.of("h4"), "h5", NodeAttribute.ofInt("axis", 2))
                .initializer("gemm.w", new long[] {10, 32}, new float[320])
                .node("gemm", "Gemm", List.of("h5", "gemm.w"), "h6", NodeAttribute.ofInt("transB", 1))
                .int64Initializer("rows", -1, 30)
                .node("rows", "Reshape", List.of("h6", "rows"), "h7")
                .int64Initializer("first.ten", 0)
                .int64Initializer("first.ten.end", 10)
                .int64Initializer("columns", 1)
                .node("ten", "Slice", List.of("h7", "first.ten", "first.ten.end", "columns"), "h8")
                .node("softmax", "Softmax", List.of("h8"), "h9")
                .node("zeros.shape", "Shape", List.of("h9"), "h9.shape")
                .node("zeros", "ConstantOfShape", List.of("h9.shape"), "z")
                .node("div", "Div", List.of("h9", "clip.min"), "h10")
                .node("add", "Add", List.of("h10", "z"), "logits")
                .output("logits", GraphBuilder.BATCH, 10)
                .build();
    }
}
