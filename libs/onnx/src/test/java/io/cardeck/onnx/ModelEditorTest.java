package io.cardeck.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edits structured pruning makes: smaller initializers, a new bias, node inputs and attributes, stale shapes dropped. */
class ModelEditorTest {

    private final TestModels.TinyCnn cnn = TestModels.TinyCnn.create();

    @Test
    void aNetworkShrunkByOneFilterRunsAndComputesTheShrunkMath() {
        // Keep conv filter 1 only: conv weight [1,1,3,3], bias [1], and fc's columns 9..17 (its pooled map).
        float[] convWeight = java.util.Arrays.copyOfRange(cnn.convWeight(), 9, 18);
        float[] fcWeight = new float[3 * 9];
        for (int o = 0; o < 3; o++) {
            System.arraycopy(cnn.fcWeight(), o * 18 + 9, fcWeight, o * 9, 9);
        }
        OnnxModel shrunk = cnn.model().edit()
                .resizeInitializer(new FloatTensor("conv.weight", new long[] {1, 1, 3, 3}, convWeight))
                .resizeInitializer(new FloatTensor("conv.bias", new long[] {1}, new float[] {cnn.convBias()[1]}))
                .resizeInitializer(new FloatTensor("fc.weight", new long[] {3, 9}, fcWeight))
                .build();
        float[] input = TestModels.values(2 * 36, 5);
        float[] relu = cnn.expectedRelu(input, 2);
        float[] pooled = ReferenceOps.maxPool(relu, 2, 2, 6, 6, 2, 2);
        float[] secondMap = new float[2 * 9];
        for (int n = 0; n < 2; n++) {
            System.arraycopy(pooled, n * 18 + 9, secondMap, n * 9, 9);
        }
        float[] expected = ReferenceOps.gemm(secondMap, 2, 9, fcWeight, 3, true, cnn.fcBias());
        try (ModelSession session = InferenceSessions.open(shrunk, SessionOptionsSpec.cpu())) {
            assertArrayEquals(expected, session.run(input, 2).values(), 1e-5f);
        }
        assertArrayEquals(new long[] {3, 9}, shrunk.graph().floatInitializer("fc.weight").dims());
        assertArrayEquals(new long[] {2, 1, 3, 3}, cnn.model().graph().floatInitializer("conv.weight").dims(),
                "the original is unchanged");
    }

    @Test
    void resizingAlsoUpdatesAGraphInputThatDeclaresTheInitializer() {
        ModelProto proto = cnn.model().proto();
        ValueInfoProto declared = ValueInfoProto.newBuilder().setName("conv.bias").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2))))).build();
        GraphProto.Builder graph = proto.getGraph().toBuilder().addInput(declared);
        OnnxModel oldIr = OnnxModel.of(proto.toBuilder().setGraph(graph).build(), "old-ir");
        OnnxModel resized = oldIr.edit().resizeInitializer(new FloatTensor("conv.bias", new long[] {1}, new float[] {0.5f}))
                .build();
        ValueInfoProto input = resized.proto().getGraph().getInputList().stream()
                .filter(i -> i.getName().equals("conv.bias")).findFirst().orElseThrow();
        assertEquals(1, input.getType().getTensorType().getShape().getDim(0).getDimValue());
    }

    @Test
    void aNewBiasOnAConvIsAddedAsInitializerAndInput() {
        OnnxModel model = GraphBuilder.named("no-bias")
                .input("x", GraphBuilder.BATCH, 1, 3, 3)
                .initializer("w", new long[] {2, 1, 1, 1}, new float[] {1f, 2f})
                .node("conv", "Conv", List.of("x", "w"), "y")
                .output("y", GraphBuilder.BATCH, 2, 3, 3)
                .build();
        OnnxModel withBias = model.edit()
                .addInitializer(new FloatTensor("conv.bias", new long[] {2}, new float[] {10f, 20f}))
                .setNodeInput(0, 2, "conv.bias")
                .setNodeAttribute(0, NodeAttribute.ofInts("pads", 0, 0, 0, 0))
                .build();
        assertEquals(List.of("x", "w", "conv.bias"), withBias.graph().nodes().get(0).inputs());
        assertArrayEquals(new long[] {0, 0, 0, 0}, withBias.graph().nodes().get(0).intsAttribute("pads", new long[0]));
        float[] input = new float[9];
        java.util.Arrays.fill(input, 1f);
        try (ModelSession session = InferenceSessions.open(withBias, SessionOptionsSpec.cpu())) {
            float[] out = session.run(input, 1).values();
            assertEquals(11f, out[0]);
            assertEquals(22f, out[9]);
        }
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> model.edit().addInitializer(new FloatTensor("y", new long[] {1}, new float[1])));
        assertTrue(taken.getMessage().contains("already has a value named 'y'"), taken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.edit().setNodeInput(3, 2, "w"));
    }

    @Test
    void replacingAnAttributeKeepsOneOfItsName() {
        OnnxModel edited = cnn.model().edit().setNodeAttribute(0, NodeAttribute.ofInts("pads", 0, 0, 0, 0)).build();
        assertEquals(1, edited.proto().getGraph().getNode(0).getAttributeList().stream()
                .filter(a -> a.getName().equals("pads")).count());
    }

    @Test
    void staleShapeAnnotationsAreDropped() {
        ModelProto proto = cnn.model().proto();
        GraphProto.Builder graph = proto.getGraph().toBuilder()
                .addValueInfo(ValueInfoProto.newBuilder().setName("conv.out"))
                .addValueInfo(ValueInfoProto.newBuilder().setName("relu.out"));
        OnnxModel annotated = OnnxModel.of(proto.toBuilder().setGraph(graph).build(), "annotated");
        OnnxModel edited = annotated.edit().removeValueInfo(List.of("conv.out")).build();
        assertEquals(List.of("relu.out"), edited.proto().getGraph().getValueInfoList().stream()
                .map(ValueInfoProto::getName).toList());
    }
}
