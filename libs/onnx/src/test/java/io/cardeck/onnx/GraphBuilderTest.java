package io.cardeck.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {

    @Test
    void declaresOpsetIrVersionAndSymbolicBatch() {
        ModelProto proto = TestModels.TinyCnn.create().model().proto();
        assertEquals(8, proto.getIrVersion());
        assertEquals(1, proto.getOpsetImportCount());
        assertEquals("", proto.getOpsetImport(0).getDomain());
        assertEquals(17, proto.getOpsetImport(0).getVersion());
        TensorShapeProto shape = proto.getGraph().getInput(0).getType().getTensorType().getShape();
        assertEquals("N", shape.getDim(0).getDimParam());
        assertEquals(6, shape.getDim(3).getDimValue());
    }

    @Test
    void outputWithoutDimsHasNoShape() {
        OnnxModel model = GraphBuilder.named("g").input("x", 1, 2).node("r", "Relu", List.of("x"), "y").output("y").build();
        ValueInfo output = model.graph().outputs().get(0);
        assertFalse(output.shapeKnown());
        assertEquals("FLOAT", output.elemTypeName());
    }

    @Test
    void rejectsUndefinedInputs() {
        GraphBuilder builder = GraphBuilder.named("g").input("x", GraphBuilder.BATCH, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.node("add", "Add", List.of("x", "bias"), "y"));
        assertEquals("node 'add' reads 'bias', which no input, initializer or earlier node defines", e.getMessage());
    }

    @Test
    void rejectsRedefinedValuesAndNodeNames() {
        GraphBuilder builder = GraphBuilder.named("g").input("x", GraphBuilder.BATCH, 2)
                .node("r", "Relu", List.of("x"), "y");
        assertThrows(IllegalArgumentException.class, () -> builder.initializer("x", new long[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> builder.node("n", "Neg", List.of("x"), "y"));
        assertThrows(IllegalArgumentException.class, () -> builder.node("r", "Neg", List.of("x"), "z"));
        assertThrows(IllegalArgumentException.class, () -> builder.node(" ", "Neg", List.of("x"), "z"));
        assertThrows(IllegalArgumentException.class,
                () -> builder.node("t", "Transpose", List.of("x"), "t", NodeAttribute.ofInts("perm", 1, 0),
                        NodeAttribute.ofInts("perm", 0, 1)));
    }

    @Test
    void rejectsUndefinedOutputsAndBadDims() {
        GraphBuilder builder = GraphBuilder.named("g").input("x", GraphBuilder.BATCH, 2);
        assertThrows(IllegalArgumentException.class, () -> builder.output("nope"));
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> builder.input("y", 2, GraphBuilder.BATCH));
        assertTrue(dims.getMessage().contains("BATCH (-1) in first position"), dims.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.input("z", 0, 3));
        assertThrows(IllegalArgumentException.class, () -> GraphBuilder.named(""));
    }

    @Test
    void graphWithoutOutputIsNotBuilt() {
        GraphBuilder builder = GraphBuilder.named("g").input("x", GraphBuilder.BATCH, 2);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, builder::build);
        assertEquals(OnnxFormatException.Reason.NO_OUTPUTS, e.reason());
    }
}
