package io.cardeck.trainer.ops;

import static io.cardeck.onnx.NodeAttribute.ofFloat;
import static io.cardeck.onnx.NodeAttribute.ofInt;
import static io.cardeck.onnx.NodeAttribute.ofInts;
import static io.cardeck.onnx.NodeAttribute.ofString;
import static io.cardeck.trainer.Checks.count;
import static io.cardeck.trainer.Checks.uniform;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.trainer.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported op on a tiny graph: the trainer's forward pass equals ONNX Runtime's, and its
 * autograd gradients equal central finite differences in float64.
 */
class OpConformanceTest {

    /** A one-op (or few-op) graph reading input "x" and writing output "y". */
    record OpCase(OnnxModel model, long[] inputDims) {

        float[] input() {
            return uniform(count(inputDims), 1234, -1, 1);
        }

        int batch() {
            return (int) inputDims[0];
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        long[] image = {2, 3, 7, 7};
        // Conv
        add(cases, "Conv pads 1 with bias", op("Conv", image, b -> {
            init(b, "w", 1, 4, 3, 3, 3);
            init(b, "b", 2, 4);
        }, List.of("x", "w", "b"), ofInts("kernel_shape", 3, 3), ofInts("pads", 1, 1, 1, 1)));
        add(cases, "Conv strides, dilations, asymmetric pads, no bias", op("Conv", new long[] {1, 2, 9, 8}, b ->
                init(b, "w", 3, 3, 2, 3, 2), List.of("x", "w"), ofInts("pads", 0, 1, 2, 0),
                ofInts("strides", 2, 1), ofInts("dilations", 2, 1)));
        add(cases, "Conv groups 2", op("Conv", new long[] {2, 4, 6, 6}, b -> init(b, "w", 4, 6, 2, 3, 3),
                List.of("x", "w"), ofInt("group", 2)));
        add(cases, "Conv depthwise", op("Conv", new long[] {2, 4, 6, 6}, b -> init(b, "w", 5, 4, 1, 3, 3),
                List.of("x", "w"), ofInt("group", 4), ofInts("pads", 1, 1, 1, 1)));
        add(cases, "Conv auto_pad VALID", op("Conv", image, b -> init(b, "w", 6, 2, 3, 3, 3),
                List.of("x", "w"), ofString("auto_pad", "VALID"), ofInts("strides", 2, 2)));
        add(cases, "Conv auto_pad SAME_UPPER stride 2", op("Conv", new long[] {1, 3, 8, 8},
                b -> init(b, "w", 7, 2, 3, 2, 2), List.of("x", "w"), ofString("auto_pad", "SAME_UPPER"),
                ofInts("strides", 2, 2)));
        add(cases, "Conv auto_pad SAME_LOWER", op("Conv", new long[] {1, 3, 6, 6},
                b -> init(b, "w", 8, 2, 3, 2, 2), List.of("x", "w"), ofString("auto_pad", "SAME_LOWER")));
        add(cases, "Conv 1-D", op("Conv", new long[] {2, 3, 10}, b -> {
            init(b, "w", 9, 2, 3, 3);
            init(b, "b", 10, 2);
        }, List.of("x", "w", "b"), ofInts("pads", 1, 0), ofInts("strides", 2)));
        // Gemm, MatMul
        add(cases, "Gemm transB with bias (fully connected)", op("Gemm", new long[] {3, 4}, b -> {
            init(b, "w", 11, 5, 4);
            init(b, "c", 12, 5);
        }, List.of("x", "w", "c"), ofInt("transB", 1)));
        add(cases, "Gemm transA, alpha, beta, broadcast C", op("Gemm", new long[] {4, 3}, b -> {
            init(b, "w", 13, 4, 5);
            init(b, "c", 14, 1, 5);
        }, List.of("x", "w", "c"), ofInt("transA", 1), ofFloat("alpha", 0.5f), ofFloat("beta", 2f)));
        add(cases, "Gemm transB, alpha, no C", op("Gemm", new long[] {3, 4}, b -> init(b, "w", 15, 2, 4),
                List.of("x", "w"), ofInt("transB", 1), ofFloat("alpha", -1.5f)));
        add(cases, "Gemm transB without C (fully connected, no bias)", op("Gemm", new long[] {3, 4},
                b -> init(b, "w", 27, 2, 4), List.of("x", "w"), ofInt("transB", 1)));
        add(cases, "MatMul batched", op("MatMul", new long[] {2, 3, 4}, b -> init(b, "w", 16, 4, 5),
                List.of("x", "w")));
        // Element-wise with broadcasting
        for (String arithmetic : List.of("Add", "Sub", "Mul")) {
            add(cases, arithmetic + " channel broadcast", op(arithmetic, new long[] {2, 3, 4, 5},
                    b -> init(b, "w", 17, 3, 1, 1), List.of("x", "w")));
        }
        add(cases, "Div broadcast", op("Div", new long[] {2, 3, 4}, b -> initRange(b, "w", 18, 0.5, 1.5, 4),
                List.of("x", "w")));
        add(cases, "Add parameter first", op("Add", new long[] {2, 3}, b -> init(b, "w", 19, 3),
                List.of("w", "x")));
        // Activations
        for (String activation : List.of("Relu", "Sigmoid", "Tanh")) {
            add(cases, activation, op(activation, new long[] {2, 3, 4}, b -> { }, List.of("x")));
        }
        add(cases, "LeakyRelu alpha 0.2", op("LeakyRelu", new long[] {2, 3, 4}, b -> { }, List.of("x"),
                ofFloat("alpha", 0.2f)));
        add(cases, "LeakyRelu default alpha", op("LeakyRelu", new long[] {2, 6}, b -> { }, List.of("x")));
        add(cases, "Clip min and max inputs", op("Clip", new long[] {2, 3, 4}, b -> {
            b.initializer("lo", new long[0], new float[] {-0.4f});
            b.initializer("hi", new long[0], new float[] {0.3f});
        }, List.of("x", "lo", "hi")));
        add(cases, "Clip max only", op("Clip", new long[] {2, 5}, b ->
                b.initializer("hi", new long[0], new float[] {0.2f}), List.of("x", "", "hi")));
        add(cases, "Clip with a computed bound", computed("Clip", new long[] {2, 5},
                b -> b.initializer("lo", new long[0], new float[] {-0.3f}), "lo", List.of("x", "bound")));
        add(cases, "Clip opset 6 attributes", withOpset(op("Clip", new long[] {2, 5}, b -> { }, List.of("x"),
                ofFloat("min", -0.5f), ofFloat("max", 0.5f)), 6));
        add(cases, "Softmax last axis", op("Softmax", new long[] {2, 3, 4}, b -> { }, List.of("x")));
        add(cases, "Softmax axis 1", op("Softmax", new long[] {2, 3, 4}, b -> { }, List.of("x"), ofInt("axis", 1)));
        add(cases, "Softmax opset 11 coerces to 2-D", withOpset(op("Softmax", new long[] {2, 3, 4}, b -> { },
                List.of("x"), ofInt("axis", 1)), 11));
        // Pooling
        add(cases, "MaxPool 3x3 stride 2 pads 1", op("MaxPool", image, b -> { }, List.of("x"),
                ofInts("kernel_shape", 3, 3), ofInts("strides", 2, 2), ofInts("pads", 1, 1, 1, 1)));
        add(cases, "MaxPool asymmetric pads", op("MaxPool", image, b -> { }, List.of("x"),
                ofInts("kernel_shape", 2, 2), ofInts("strides", 2, 2), ofInts("pads", 0, 1, 1, 0)));
        add(cases, "MaxPool ceil_mode", op("MaxPool", new long[] {1, 2, 8, 8}, b -> { }, List.of("x"),
                ofInts("kernel_shape", 3, 3), ofInts("strides", 2, 2), ofInt("ceil_mode", 1)));
        add(cases, "MaxPool SAME_UPPER", op("MaxPool", image, b -> { }, List.of("x"),
                ofInts("kernel_shape", 2, 2), ofInts("strides", 2, 2), ofString("auto_pad", "SAME_UPPER")));
        add(cases, "AveragePool pads, count_include_pad 0", op("AveragePool", image, b -> { }, List.of("x"),
                ofInts("kernel_shape", 3, 3), ofInts("strides", 2, 2), ofInts("pads", 1, 1, 1, 1)));
        add(cases, "AveragePool pads, count_include_pad 1", op("AveragePool", image, b -> { }, List.of("x"),
                ofInts("kernel_shape", 3, 3), ofInts("strides", 2, 2), ofInts("pads", 1, 1, 1, 1),
                ofInt("count_include_pad", 1)));
        add(cases, "AveragePool asymmetric pads", op("AveragePool", image, b -> { }, List.of("x"),
                ofInts("kernel_shape", 2, 3), ofInts("strides", 1, 2), ofInts("pads", 1, 0, 0, 2)));
        add(cases, "AveragePool no pads", op("AveragePool", new long[] {2, 2, 8, 8}, b -> { }, List.of("x"),
                ofInts("kernel_shape", 2, 2), ofInts("strides", 2, 2)));
        add(cases, "AveragePool ceil_mode", op("AveragePool", new long[] {1, 2, 8, 8}, b -> { }, List.of("x"),
                ofInts("kernel_shape", 3, 3), ofInts("strides", 2, 2), ofInt("ceil_mode", 1)));
        add(cases, "GlobalAveragePool", op("GlobalAveragePool", new long[] {2, 3, 5, 4}, b -> { }, List.of("x")));
        // Normalisation and dropout (inference mode; training mode in TrainingModeOpsTest)
        add(cases, "BatchNormalization", op("BatchNormalization", new long[] {2, 3, 4, 4}, b -> {
            init(b, "scale", 20, 3);
            init(b, "bias", 21, 3);
            init(b, "mean", 22, 3);
            initRange(b, "var", 23, 0.5, 2, 3);
        }, List.of("x", "scale", "bias", "mean", "var"), ofFloat("epsilon", 1e-3f)));
        add(cases, "Dropout (inference: identity)", op("Dropout", new long[] {2, 5}, b ->
                b.initializer("ratio", new long[0], new float[] {0.3f}), List.of("x", "ratio")));
        // Shapes
        add(cases, "Flatten axis 1", op("Flatten", new long[] {2, 3, 4, 5}, b -> { }, List.of("x")));
        add(cases, "Flatten axis -1", op("Flatten", new long[] {2, 3, 4, 5}, b -> { }, List.of("x"),
                ofInt("axis", -1)));
        add(cases, "Flatten axis 0", op("Flatten", new long[] {2, 3, 4}, b -> { }, List.of("x"), ofInt("axis", 0)));
        add(cases, "Reshape 0 and -1", op("Reshape", new long[] {2, 3, 4, 5}, b ->
                b.int64Initializer("shape", 0, -1, 5), List.of("x", "shape")));
        add(cases, "Reshape with a computed shape", computed("Reshape", new long[] {2, 3, 4},
                b -> b.int64Initializer("shape", 4, -1), "shape", List.of("x", "bound")));
        add(cases, "Transpose perm", op("Transpose", new long[] {2, 3, 4, 5}, b -> { }, List.of("x"),
                ofInts("perm", 0, 2, 3, 1)));
        add(cases, "Transpose default", op("Transpose", new long[] {2, 3, 4}, b -> { }, List.of("x")));
        add(cases, "Concat axis 1", op("Concat", new long[] {2, 3, 4}, b -> init(b, "w", 24, 2, 2, 4),
                List.of("x", "w"), ofInt("axis", 1)));
        add(cases, "Concat axis -1 three inputs", op("Concat", new long[] {2, 3}, b -> {
            init(b, "w", 25, 2, 1);
            init(b, "v", 26, 2, 2);
        }, List.of("w", "x", "v"), ofInt("axis", -1)));
        add(cases, "Slice strided spatial (option-A shortcut)", op("Slice", new long[] {2, 3, 8, 7}, b -> {
            b.int64Initializer("starts", 0, 0);
            b.int64Initializer("ends", Long.MAX_VALUE, Long.MAX_VALUE);
            b.int64Initializer("axes", 2, 3);
            b.int64Initializer("steps", 2, 2);
        }, List.of("x", "starts", "ends", "axes", "steps")));
        add(cases, "Slice negative starts and ends, default axes", op("Slice", new long[] {4, 6}, b -> {
            b.int64Initializer("starts", 1, -4);
            b.int64Initializer("ends", -1, 100);
        }, List.of("x", "starts", "ends")));
        add(cases, "Slice opset 9 attributes", withOpset(op("Slice", new long[] {3, 5}, b -> { }, List.of("x"),
                ofInts("starts", 1), ofInts("ends", 4), ofInts("axes", 1)), 9));
        add(cases, "Identity", op("Identity", new long[] {2, 3}, b -> { }, List.of("x")));
        add(cases, "Constant added", constantPlusInput());
        add(cases, "Pad constant", op("Pad", new long[] {2, 3, 4, 4}, b -> {
            b.int64Initializer("pads", 0, 0, 1, 2, 0, 0, 2, 1);
            b.initializer("value", new long[0], new float[] {0.7f});
        }, List.of("x", "pads", "value")));
        add(cases, "Pad reflect", op("Pad", new long[] {2, 3, 4, 5}, b ->
                b.int64Initializer("pads", 0, 0, 1, 2, 0, 0, 2, 3), List.of("x", "pads"), ofString("mode", "reflect")));
        add(cases, "Pad edge", op("Pad", new long[] {2, 3, 4, 5}, b ->
                b.int64Initializer("pads", 0, 1, 2, 0, 0, 0, 1, 2), List.of("x", "pads"), ofString("mode", "edge")));
        add(cases, "Pad with computed pads", computed("Pad", new long[] {2, 3},
                b -> b.int64Initializer("pads", 0, 1, 1, 2), "pads", List.of("x", "bound")));
        add(cases, "Pad opset 2 attributes", withOpset(op("Pad", new long[] {2, 3}, b -> { }, List.of("x"),
                ofInts("pads", 1, 0, 0, 2), ofFloat("value", -1f)), 2));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardEqualsOnnxRuntime(String name, OpCase op) {
        Checks.assertMatchesOnnxRuntime(op.model(), op.input(), op.batch(), 1e-5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsEqualFiniteDifferences(String name, OpCase op) {
        Checks.assertGradientsMatchFiniteDifferences(op.model(), op.input(), op.inputDims(), false, 12);
    }

    private static void add(List<Arguments> cases, String name, OpCase op) {
        cases.add(Arguments.of(name, op));
    }

    static OpCase op(String opType, long[] inputDims, Consumer<GraphBuilder> initializers, List<String> inputs,
                     NodeAttribute... attributes) {
        GraphBuilder builder = GraphBuilder.named(opType.toLowerCase()).input("x", inputDims);
        initializers.accept(builder);
        builder.node("node", opType, inputs, "y", attributes).output("y");
        return new OpCase(builder.build(), inputDims);
    }

    /** An op whose second input is computed (an Identity of {@code source}), so it is not known when compiling. */
    private static OpCase computed(String opType, long[] inputDims, Consumer<GraphBuilder> initializers, String source,
                                   List<String> inputs) {
        GraphBuilder builder = GraphBuilder.named(opType.toLowerCase()).input("x", inputDims);
        initializers.accept(builder);
        builder.node("computed", "Identity", List.of(source), "bound")
                .node("node", opType, inputs, "y").output("y");
        return new OpCase(builder.build(), inputDims);
    }

    private static OpCase constantPlusInput() {
        long[] dims = {2, 3};
        OnnxModel model = GraphBuilder.named("constant").input("x", dims)
                .node("const", "Constant", List.of(), "c",
                        NodeAttribute.ofTensor("value", new FloatTensor("c", new long[] {3}, new float[] {1, -2, 0.5f})))
                .node("add", "Add", List.of("x", "c"), "y")
                .output("y").build();
        return new OpCase(model, dims);
    }

    static void init(GraphBuilder builder, String name, long seed, long... dims) {
        initRange(builder, name, seed, -1, 1, dims);
    }

    static void initRange(GraphBuilder builder, String name, long seed, double low, double high, long... dims) {
        builder.initializer(name, dims, uniform(count(dims), seed, low, high));
    }

    static OpCase withOpset(OpCase op, int opset) {
        ModelProto proto = op.model().proto().toBuilder()
                .setOpsetImport(0, OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
        return new OpCase(OnnxModel.of(proto, "opset" + opset), op.inputDims());
    }
}
