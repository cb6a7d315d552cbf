package io.cardeck.trainer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.trainer.Checks;
import io.cardeck.trainer.TestNets;
import io.cardeck.trainer.engine.Precision;
import io.cardeck.trainer.engine.StepScope;
import io.cardeck.trainer.ops.GraphCompileException;
import io.cardeck.trainer.ops.OpRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the compiler accepts, how it classifies initializers, and how it reports what it cannot run. */
class GraphCompileTest {

    private static GraphBuilder input() {
        return GraphBuilder.named("g").input("x", GraphBuilder.BATCH, 3, 8, 8);
    }

    @Test
    void unsupportedOpTypesAreNamedWithTheirNodesAtCompileTime() {
        OnnxModel model = input()
                .node("norm1", "LRN", List.of("x"), "a", NodeAttribute.ofInt("size", 3))
                .node("relu", "Relu", List.of("a"), "b")
                .node("up", "ConvTranspose", List.of("b"), "y")
                .output("y").build();
        GraphCompileException error = assertThrows(GraphCompileException.class, () -> TorchModel.compile(model));
        assertTrue(error.getMessage().contains("op type LRN (node 'norm1')"), error.getMessage());
        assertTrue(error.getMessage().contains("op type ConvTranspose (node 'up')"), error.getMessage());
        assertTrue(error.getMessage().contains("Conv,"), "lists the supported op types: " + error.getMessage());
    }

    @Test
    void opsOfOtherDomainsAreUnsupported() {
        OnnxModel built = input().node("fused", "Relu", List.of("x"), "y").output("y").build();
        ModelProto.Builder proto = built.proto().toBuilder();
        proto.getGraphBuilder().getNodeBuilder(0).setDomain("com.microsoft");
        OnnxModel model = OnnxModel.of(proto.build(), "custom-domain");
        GraphCompileException error = assertThrows(GraphCompileException.class, () -> TorchModel.compile(model));
        assertTrue(error.getMessage().contains("domain 'com.microsoft' (node 'fused')"), error.getMessage());
    }

    @Test
    void unsupportedAttributesNameTheNode() {
        OnnxModel dilated = input().node("pool", "MaxPool", List.of("x"), "y",
                NodeAttribute.ofInts("kernel_shape", 2, 2), NodeAttribute.ofInts("dilations", 2, 2)).output("y").build();
        GraphCompileException error = assertThrows(GraphCompileException.class, () -> TorchModel.compile(dilated));
        assertTrue(error.getMessage().contains("node 'pool' (MaxPool)"), error.getMessage());
        assertTrue(error.getMessage().contains("dilations"), error.getMessage());

        OnnxModel autoPad = input().node("conv", "Conv", List.of("x"), "y",
                NodeAttribute.ofString("auto_pad", "SAME_MIDDLE")).output("y").build();
        error = assertThrows(GraphCompileException.class, () -> TorchModel.compile(autoPad));
        assertTrue(error.getMessage().contains("node 'conv' (Conv)") && error.getMessage().contains("SAME_MIDDLE"),
                error.getMessage());

        OnnxModel noKernel = input().node("avg", "AveragePool", List.of("x"), "y").output("y").build();
        error = assertThrows(GraphCompileException.class, () -> TorchModel.compile(noKernel));
        assertTrue(error.getMessage().contains("node 'avg' (AveragePool): attribute kernel_shape is required"),
                error.getMessage());
    }

    @Test
    void trainingModeBatchNormalizationOutputsAreRejected() {
        OnnxModel model = GraphBuilder.named("bn").input("x", 2, 2)
                .initializer("s", new long[] {2}, new float[] {1, 1})
                .initializer("b", new long[] {2}, new float[] {0, 0})
                .initializer("m", new long[] {2}, new float[] {0, 0})
                .initializer("v", new long[] {2}, new float[] {1, 1})
                .node("bn", "BatchNormalization", List.of("x", "s", "b", "m", "v"), List.of("y", "running_mean"))
                .output("y").build();
        GraphCompileException error = assertThrows(GraphCompileException.class, () -> TorchModel.compile(model));
        assertTrue(error.getMessage().contains("node 'bn' (BatchNormalization): output 1"), error.getMessage());
    }

    @Test
    void initializersOfOtherTypesAndUndefinedValuesAreRejected() {
        OnnxModel built = GraphBuilder.named("g").input("x", 2, 2)
                .initializer("w", new long[] {2}, new float[] {1, 2})
                .node("add", "Add", List.of("x", "w"), "y").output("y").build();
        ModelProto.Builder doubled = built.proto().toBuilder();
        doubled.getGraphBuilder().setInitializer(0, TensorProto.newBuilder().setName("w").addDims(2)
                .setDataType(TensorProto.DataType.DOUBLE_VALUE).addDoubleData(1).addDoubleData(2));
        GraphCompileException error = assertThrows(GraphCompileException.class,
                () -> TorchModel.compile(OnnxModel.of(doubled.build(), "doubles")));
        assertTrue(error.getMessage().contains("initializer 'w'") && error.getMessage().contains("DOUBLE"),
                error.getMessage());

        ModelProto.Builder dangling = built.proto().toBuilder();
        dangling.getGraphBuilder().getNodeBuilder(0).setInput(1, "nowhere");
        error = assertThrows(GraphCompileException.class,
                () -> TorchModel.compile(OnnxModel.of(dangling.build(), "dangling")));
        assertTrue(error.getMessage().contains("node 'add' (Add) reads 'nowhere'"), error.getMessage());
    }

    @Test
    void runtimeFailuresNameTheNode() {
        OnnxModel model = GraphBuilder.named("g").input("x", 2, 6)
                .int64Initializer("shape", 5, -1)
                .node("reshape", "Reshape", List.of("x", "shape"), "y").output("y").build();
        try (TorchModel torch = TorchModel.compile(model)) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> torch.predict(new float[12], 2));
            assertTrue(error.getMessage().contains("node 'reshape' (Reshape) failed"), error.getMessage());
        }
    }

    @Test
    void initializersBecomeParametersStateOrConstantsByHowTheyAreUsed() {
        OnnxModel model = GraphBuilder.named("g").input("x", 2, 3)
                .initializer("w", new long[] {3}, new float[] {1, 2, 3})
                .initializer("lo", new long[0], new float[] {0})
                .initializer("hi", new long[0], new float[] {6})
                .initializer("s", new long[] {3}, new float[] {1, 1, 1})
                .initializer("b", new long[] {3}, new float[] {0, 0, 0})
                .initializer("m", new long[] {3}, new float[] {0, 0, 0})
                .initializer("v", new long[] {3}, new float[] {1, 1, 1})
                .initializer("unused", new long[] {1}, new float[] {5})
                .int64Initializer("shape", 0, -1)
                .node("mul", "Mul", List.of("x", "w"), "a")
                .node("clip", "Clip", List.of("a", "lo", "hi"), "c")
                .node("bn", "BatchNormalization", List.of("c", "s", "b", "m", "v"), "d")
                .node("reshape", "Reshape", List.of("d", "shape"), "y")
                .output("y").build();
        try (TorchModel torch = TorchModel.compile(model)) {
            assertEquals(List.of("w", "s", "b"), torch.parameters().stream().map(Parameter::name).toList());
            assertEquals(List.of("m", "v"), List.copyOf(torch.stateNames()));
            assertThrows(IllegalArgumentException.class, () -> torch.parameter("lo"));
        }
    }

    @Test
    void inputsThatDoNotFitAreRejected() {
        try (TorchModel torch = TorchModel.compile(TestNets.residualNet());
             StepScope scope = torch.openScope()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> torch.createInput(scope, new float[783], 1));
            assertTrue(error.getMessage().contains("needs 784 values, got 783"), error.getMessage());
            error = assertThrows(IllegalArgumentException.class, () -> torch.forward(scope,
                    Map.of("image", torch.createInput(scope, new float[784], 1)), false, 0));
            assertTrue(error.getMessage().contains("do not match the graph inputs [input]"), error.getMessage());
        }
        OnnxModel twoInputs = GraphBuilder.named("two").input("a", 1, 2).input("b", 1, 2)
                .node("add", "Add", List.of("a", "b"), "y").output("y").build();
        try (TorchModel torch = TorchModel.compile(twoInputs); StepScope scope = torch.openScope()) {
            assertTrue(torch.sampleShape().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> torch.createInput(scope, new float[2], 1));
        }
    }

    @Test
    void weightsFromAnotherGraphAreRejected() {
        try (TorchModel torch = TorchModel.compile(TestNets.residualNet())) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> torch.restoreWeights(TestNets.smallCnn(1)));
            assertTrue(error.getMessage().contains("initializer 'conv1.weight' has dims [8, 1, 3, 3]; expected [4, 1, 3, 3]"),
                    error.getMessage());
            OnnxModel other = GraphBuilder.named("other").input("x", 1, 2).node("relu", "Relu", List.of("x"), "y")
                    .output("y").build();
            error = assertThrows(IllegalArgumentException.class, () -> torch.restoreWeights(other));
            assertTrue(error.getMessage().contains("has no initializer 'conv1.weight'"), error.getMessage());
        }
    }

    @Test
    void sameGraphInSameGraphOut() {
        OnnxModel model = TestNets.residualNet();
        try (TorchModel torch = TorchModel.compile(model)) {
            assertEquals(model, torch.toOnnx(), "an untouched model writes back to identical bytes");
        }
    }

    @Test
    void float64ModelsComputeLikeFloat32OnesAndWriteBackFloat32() {
        OnnxModel model = TestNets.residualNet();
        float[] input = Checks.uniform(2 * 784, 4, 0, 1);
        try (TorchModel single = TorchModel.compile(model);
             TorchModel wide = TorchModel.compile(model, OpRegistry.standard(), Precision.FLOAT64)) {
            Checks.assertClose(single.predict(input, 2), wide.predict(input, 2), 1e-4, "float64 vs float32");
            assertEquals(model, wide.toOnnx());
        }
    }
}
