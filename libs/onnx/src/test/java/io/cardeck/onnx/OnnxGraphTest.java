package io.cardeck.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxGraphTest {

    private final TestModels.TinyCnn cnn = TestModels.TinyCnn.create();
    private final OnnxGraph graph = cnn.model().graph();

    @Test
    void listsNodesInputsAndOutputs() {
        assertEquals(List.of("Conv", "Relu", "MaxPool", "Flatten", "Gemm"),
                graph.nodes().stream().map(OnnxNode::opType).toList());
        assertEquals(List.of("conv", "relu", "pool", "flatten", "fc"), graph.nodes().stream().map(OnnxNode::name).toList());
        assertEquals(List.of("input", "conv.weight", "conv.bias"), graph.nodes().get(0).inputs());
        assertEquals(List.of("conv.out"), graph.nodes().get(0).outputs());
        assertEquals(List.of(new ValueInfo("input", TensorProto.DataType.FLOAT_VALUE, new long[] {-1, 1, 6, 6}, true)),
                graph.inputs());
        assertEquals(List.of(new ValueInfo("logits", TensorProto.DataType.FLOAT_VALUE, new long[] {-1, 3}, true)),
                graph.outputs());
        assertEquals("FLOAT", graph.inputs().get(0).elemTypeName());
        assertEquals(List.of("conv.weight", "conv.bias", "fc.weight", "fc.bias"), List.copyOf(graph.initializerNames()));
    }

    @Test
    void theFixedSampleShapeIsTheInputWithoutItsBatchDim() {
        assertArrayEquals(new long[] {1, 6, 6}, graph.fixedSampleShape());
        ModelProto.Builder proto = cnn.model().proto().toBuilder();
        proto.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                .getDimBuilder(2).clearDimValue().setDimParam("H");
        OnnxModel symbolic = OnnxModel.of(proto.build(), "symbolic-height");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> symbolic.graph().fixedSampleShape());
        assertTrue(error.getMessage().contains("input input") && error.getMessage().contains("1,28,28"), error.getMessage());
    }

    @Test
    void initializersListedAsGraphInputsAreNotFedInputs() {
        ModelProto proto = cnn.model().proto();
        GraphProto.Builder withInitializerInput = proto.getGraph().toBuilder()
                .addInput(ValueInfoProto.newBuilder().setName("fc.bias"));
        OnnxModel model = OnnxModel.of(proto.toBuilder().setGraph(withInitializerInput).build(), "old-ir");
        assertEquals(List.of("input"), model.graph().inputs().stream().map(ValueInfo::name).toList());
    }

    @Test
    void readsTypedAttributes() {
        OnnxNode conv = graph.node("conv").orElseThrow();
        assertArrayEquals(new long[] {1, 1, 1, 1}, conv.intsAttribute("pads", new long[0]));
        assertArrayEquals(new long[] {1, 1}, conv.intsAttribute("strides", new long[] {1, 1}), "absent -> fallback");
        OnnxNode fc = graph.node("fc").orElseThrow();
        assertEquals(1, fc.intAttribute("transB", 0));
        assertEquals(0, fc.intAttribute("transA", 0));
        assertEquals(1f, fc.floatAttribute("alpha", 0f));
        assertTrue(fc.hasAttribute("alpha"));
        assertFalse(fc.hasAttribute("beta"));

        FloatTensor constant = new FloatTensor("c", new long[] {2}, new float[] {1.5f, -2f});
        OnnxModel model = GraphBuilder.named("attrs")
                .input("x", GraphBuilder.BATCH, 2)
                .node("pad", "Pad", List.of("x"), "p", NodeAttribute.ofString("mode", "reflect"),
                        NodeAttribute.ofFloats("scales", 0.5f, 2f), NodeAttribute.ofStrings("tags", "a", "b"))
                .node("const", "Constant", List.of(), "c", NodeAttribute.ofTensor("value", constant))
                .output("p")
                .build();
        OnnxNode pad = model.graph().node("pad").orElseThrow();
        assertEquals("reflect", pad.stringAttribute("mode", "constant"));
        assertArrayEquals(new float[] {0.5f, 2f}, pad.floatsAttribute("scales", new float[0]));
        assertEquals(constant, FloatTensor.of(model.graph().node("const").orElseThrow().tensorAttribute("value").orElseThrow()));
        assertTrue(pad.tensorAttribute("value").isEmpty());

        IllegalStateException wrongType = assertThrows(IllegalStateException.class, () -> pad.intAttribute("mode", 0));
        assertEquals("node 'pad' (Pad) has attribute 'mode' of type STRING; expected INT", wrongType.getMessage());
    }

    @Test
    void indexesProducersAndConsumers() {
        assertEquals("conv", graph.producer("conv.out").orElseThrow().name());
        assertTrue(graph.producer("input").isEmpty());
        assertTrue(graph.producer("fc.weight").isEmpty());
        assertEquals(List.of("relu"), graph.consumers("conv.out").stream().map(OnnxNode::name).toList());
        assertEquals(List.of("conv"), graph.consumers("input").stream().map(OnnxNode::name).toList());
        assertEquals(List.of(), graph.consumers("logits"));

        OnnxModel fanOut = GraphBuilder.named("fan-out")
                .input("x", GraphBuilder.BATCH, 2)
                .node("a", "Relu", List.of("x"), "ra")
                .node("b", "Neg", List.of("x"), "nb")
                .node("square", "Mul", List.of("ra", "ra"), "sq")
                .node("sum", "Add", List.of("sq", "nb"), "y")
                .output("y")
                .build();
        assertEquals(List.of("a", "b"), fanOut.graph().consumers("x").stream().map(OnnxNode::name).toList());
        assertEquals(List.of("square"), fanOut.graph().consumers("ra").stream().map(OnnxNode::name).toList());
    }

    @Test
    void topologicalOrderPutsProducersFirst() {
        // Stored order: sum, square, b, a (reversed); dependencies: a -> square -> sum, b -> sum.
        GraphProto.Builder shuffled = GraphProto.newBuilder().setName("shuffled")
                .addInput(cnnInput("x"))
                .addNode(node("sum", "Add", List.of("sq", "nb"), "y"))
                .addNode(node("square", "Mul", List.of("ra", "ra"), "sq"))
                .addNode(node("b", "Neg", List.of("x"), "nb"))
                .addNode(node("a", "Relu", List.of("x"), "ra"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"));
        OnnxGraph view = model(shuffled).graph();
        assertEquals(List.of("b", "a", "square", "sum"), view.topologicalOrder().stream().map(OnnxNode::name).toList());
        assertEquals(List.of("conv", "relu", "pool", "flatten", "fc"),
                graph.topologicalOrder().stream().map(OnnxNode::name).toList(), "sorted graphs keep their order");
    }

    @Test
    void cycleIsReported() {
        GraphProto.Builder cyclic = GraphProto.newBuilder().setName("cyclic")
                .addInput(cnnInput("x"))
                .addNode(node("a", "Add", List.of("x", "v2"), "v1"))
                .addNode(node("b", "Relu", List.of("v1"), "v2"))
                .addOutput(ValueInfoProto.newBuilder().setName("v2"));
        OnnxGraph view = model(cyclic).graph();
        OnnxFormatException e = assertThrows(OnnxFormatException.class, view::topologicalOrder);
        assertEquals(OnnxFormatException.Reason.INVALID_GRAPH, e.reason());
        assertTrue(e.getMessage().contains("[a, b]") && e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void twoProducersOfOneValueAreReported() {
        GraphProto.Builder twice = GraphProto.newBuilder().setName("twice")
                .addInput(cnnInput("x"))
                .addNode(node("a", "Relu", List.of("x"), "v"))
                .addNode(node("b", "Neg", List.of("x"), "v"))
                .addOutput(ValueInfoProto.newBuilder().setName("v"));
        OnnxModel model = model(twice);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, model::graph);
        assertEquals("test: value 'v' is produced by both node 'a' and node 'b'; each value must have one producer",
                e.getMessage());
    }

    @Test
    void readsFloatInitializersFromRawAndFloatData() {
        assertEquals(new FloatTensor("conv.weight", new long[] {2, 1, 3, 3}, cnn.convWeight()),
                graph.floatInitializer("conv.weight"));
        assertTrue(graph.initializer("conv.weight").hasRawData(), "GraphBuilder stores raw_data");

        TensorProto asFloatData = TensorProto.newBuilder().setName("conv.bias")
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(2)
                .addFloatData(cnn.convBias()[0]).addFloatData(cnn.convBias()[1]).build();
        OnnxModel model = withInitializer(cnn.model(), 1, asFloatData);
        assertEquals(new FloatTensor("conv.bias", new long[] {2}, cnn.convBias()), model.graph().floatInitializer("conv.bias"));
    }

    @Test
    void corruptInitializerIsReported() {
        TensorProto shortRaw = cnn.model().graph().initializer("conv.bias").toBuilder()
                .setRawData(ByteString.copyFrom(new byte[5])).build();
        OnnxModel model = withInitializer(cnn.model(), 1, shortRaw);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> model.graph().floatInitializer("conv.bias"));
        assertEquals(OnnxFormatException.Reason.INVALID_TENSOR, e.reason());
        assertEquals("tiny-cnn: tensor 'conv.bias' with dims [2] needs 8 bytes of raw_data, has 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> graph.floatInitializer("nope"));
    }

    @Test
    void readsInt64Initializers() {
        OnnxModel model = GraphBuilder.named("reshape")
                .input("x", GraphBuilder.BATCH, 2, 3)
                .int64Initializer("shape", -1, 6)
                .node("reshape", "Reshape", List.of("x", "shape"), "y")
                .output("y")
                .build();
        assertArrayEquals(new long[] {-1, 6}, model.graph().int64Initializer("shape").data());
        assertEquals(TensorProto.DataType.INT64_VALUE, model.graph().initializerType("shape"));

        TensorProto raw = TensorProto.newBuilder().setName("shape").setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(2).setRawData(ByteString.copyFrom(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, 6, 0, 0, 0, 0, 0, 0, 0}))
                .build();
        assertArrayEquals(new long[] {-1, 6}, withInitializer(model, 0, raw).graph().int64Initializer("shape").data());
        assertThrows(OnnxFormatException.class, () -> model.graph().floatInitializer("shape"));
    }

    @Test
    void replacedInitializerReadsBackAndKeepsTheRest() {
        float[] zeros = new float[18];
        OnnxModel edited = cnn.model().edit()
                .replaceInitializer(new FloatTensor("conv.weight", new long[] {2, 1, 3, 3}, zeros))
                .build();
        assertEquals(new FloatTensor("conv.weight", new long[] {2, 1, 3, 3}, zeros), edited.graph().floatInitializer("conv.weight"));
        assertEquals(graph.floatInitializer("fc.weight"), edited.graph().floatInitializer("fc.weight"));
        assertEquals(new FloatTensor("conv.weight", new long[] {2, 1, 3, 3}, cnn.convWeight()),
                graph.floatInitializer("conv.weight"), "the original model is unchanged");

        TensorProto asFloatData = TensorProto.newBuilder().setName("conv.bias")
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(2).addFloatData(1).addFloatData(2).build();
        OnnxModel replaced = withInitializer(cnn.model(), 1, asFloatData).edit()
                .replaceInitializer(new FloatTensor("conv.bias", new long[] {2}, new float[] {3, 4})).build();
        TensorProto stored = replaced.graph().initializer("conv.bias");
        assertEquals(0, stored.getFloatDataCount(), "float_data is replaced by raw_data");
        assertEquals(new FloatTensor("conv.bias", new long[] {2}, new float[] {3, 4}), FloatTensor.of(stored));
    }

    @Test
    void replacementMustKeepDimsAndName() {
        ModelEditor editor = cnn.model().edit();
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> editor.replaceInitializer(new FloatTensor("conv.weight", new long[] {2, 9}, new float[18])));
        assertEquals("tiny-cnn: initializer 'conv.weight' has dims [2, 1, 3, 3]; the replacement has [2, 9] (replacing keeps dims)",
                dims.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> editor.replaceInitializer(new FloatTensor("nope", new long[] {1}, new float[1])));
        assertEquals("tiny-cnn: graph has no initializer named 'nope'", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FloatTensor("t", new long[] {2, 2}, new float[3]));
    }

    @Test
    void int64InitializerCannotTakeFloats() {
        OnnxModel model = GraphBuilder.named("reshape")
                .input("x", GraphBuilder.BATCH, 2, 3)
                .int64Initializer("shape", -1, 6)
                .node("reshape", "Reshape", List.of("x", "shape"), "y")
                .output("y")
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.edit().replaceInitializer(new FloatTensor("shape", new long[] {2}, new float[2])));
        assertTrue(e.getMessage().contains("has data type INT64"), e.getMessage());
    }

    private static OnnxModel withInitializer(OnnxModel model, int index, TensorProto tensor) {
        ModelProto proto = model.proto();
        return OnnxModel.of(proto.toBuilder().setGraph(proto.getGraph().toBuilder().setInitializer(index, tensor)).build(),
                model.sourceName());
    }

    private static ValueInfoProto cnnInput(String name) {
        return TestModels.PureGemm.create().model().proto().getGraph().getInput(0).toBuilder().setName(name).build();
    }

    private static NodeProto node(String name, String op, List<String> inputs, String output) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(output).build();
    }

    private static OnnxModel model(GraphProto.Builder graph) {
        return OnnxModel.of(TestModels.PureGemm.create().model().proto().toBuilder().setGraph(graph).build(), "test");
    }
}
