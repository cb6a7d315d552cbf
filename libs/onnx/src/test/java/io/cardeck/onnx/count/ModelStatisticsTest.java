package io.cardeck.onnx.count;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.TestModels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelStatisticsTest {

    /** Non-zero weights so that every zero in a test is one the test put there. */
    private static float[] ramp(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = 0.01f * (i + 1);
        }
        return values;
    }

    /**
     * input [N,1,9,9]
     * conv1: 4 filters 3x3, stride 2, pad 1 -> [4,5,5]   ((9 + 2 - 3) / 2 + 1 = 5)
     * conv2: 6 filters 3x3, groups 2 (2 input channels each), no pad -> [6,3,3]
     * flatten -> 54; matmul 54x10 -> 10; gemm 10 -> 3 (weight [3,10], transB)
     */
    private static GraphBuilder layered(long... inputDims) {
        return GraphBuilder.named("layered")
                .input("input", inputDims)
                .initializer("conv1.w", new long[] {4, 1, 3, 3}, ramp(36))
                .initializer("conv1.b", new long[] {4}, ramp(4))
                .initializer("conv2.w", new long[] {6, 2, 3, 3}, ramp(108))
                .initializer("conv2.b", new long[] {6}, ramp(6))
                .initializer("mm.w", new long[] {54, 10}, ramp(540))
                .initializer("fc.w", new long[] {3, 10}, ramp(30))
                .initializer("fc.b", new long[] {3}, ramp(3))
                .node("conv1", "Conv", List.of("input", "conv1.w", "conv1.b"), "c1",
                        NodeAttribute.ofInts("strides", 2, 2), NodeAttribute.ofInts("pads", 1, 1, 1, 1))
                .node("relu1", "Relu", List.of("c1"), "r1")
                .node("conv2", "Conv", List.of("r1", "conv2.w", "conv2.b"), "c2", NodeAttribute.ofInt("group", 2))
                .node("flatten", "Flatten", List.of("c2"), "flat")
                .node("mm", "MatMul", List.of("flat", "mm.w"), "h")
                .node("fc", "Gemm", List.of("h", "fc.w", "fc.b"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits");
    }

    @Test
    void countsParametersAndMacsOfEveryLayer() {
        ModelStatistics stats = ModelStatistics.of(layered(GraphBuilder.BATCH, 1, 9, 9).build(), 1, 9, 9);

        assertEquals(List.of(1L, 9L, 9L), stats.sampleShape());
        assertEquals(36 + 4 + 108 + 6 + 540 + 30 + 3, stats.parameters());
        assertEquals(stats.parameters(), stats.nonZeroParameters());
        assertEquals(0.0, stats.sparsity());
        long conv1 = 4L * 1 * 3 * 3 * 5 * 5;
        long conv2 = 6L * (4 / 2) * 3 * 3 * 3 * 3;
        long matmul = 1L * 54 * 10;
        long gemm = 1L * 10 * 3;
        assertEquals(List.of(
                new LayerStatistics("conv1", "Conv", "conv1.w", 36, 36, 0, conv1, conv1),
                new LayerStatistics("conv2", "Conv", "conv2.w", 108, 108, 0, conv2, conv2),
                new LayerStatistics("mm", "MatMul", "mm.w", 540, 540, 0, matmul, matmul),
                new LayerStatistics("fc", "Gemm", "fc.w", 30, 30, 0, gemm, gemm)), stats.layers());
        assertEquals(conv1 + conv2 + matmul + gemm, stats.macs());
    }

    @Test
    void zeroedWeightsShowAsSparsity() {
        OnnxModel dense = layered(GraphBuilder.BATCH, 1, 9, 9).build();
        float[] conv1 = ramp(36);
        Arrays.fill(conv1, 0, 9, 0f);
        float[] mm = ramp(540);
        for (int i = 0; i < 540; i += 2) {
            mm[i] = 0f;
        }
        OnnxModel pruned = dense.edit()
                .replaceInitializer(new FloatTensor("conv1.w", new long[] {4, 1, 3, 3}, conv1))
                .replaceInitializer(new FloatTensor("mm.w", new long[] {54, 10}, mm))
                .build();

        ModelStatistics stats = ModelStatistics.of(pruned, 1, 9, 9);
        assertEquals(727, stats.parameters());
        assertEquals(727 - 9 - 270, stats.nonZeroParameters());
        assertEquals(279.0 / 727, stats.sparsity(), 1e-12);
        assertEquals(0.25, stats.layers().get(0).sparsity(), 1e-12);
        assertEquals(27, stats.layers().get(0).nonZeros());
        assertEquals(0.0, stats.layers().get(1).sparsity());
        assertEquals(0.5, stats.layers().get(2).sparsity(), 1e-12);
        assertEquals(270, stats.layers().get(2).nonZeros());
        ModelStatistics denseStats = ModelStatistics.of(dense, 1, 9, 9);
        assertEquals(denseStats.macs(), stats.macs(), "MACs are counted densely");
        List<LayerStatistics> layers = stats.layers();
        assertEquals(Math.round(layers.get(0).macs() * 0.75), layers.get(0).nonZeroMacs(), "conv1 is 25% zeros");
        assertEquals(layers.get(1).macs(), layers.get(1).nonZeroMacs(), "conv2 is dense");
        assertEquals(layers.get(2).macs() / 2, layers.get(2).nonZeroMacs(), "mm is 50% zeros");
        assertEquals(layers.stream().mapToLong(LayerStatistics::nonZeroMacs).sum(), stats.nonZeroMacs());
        assertEquals(denseStats.macs(), denseStats.nonZeroMacs());
    }

    @Test
    void batchNormRunningStatisticsAreStateNotParameters() {
        OnnxModel model = GraphBuilder.named("conv-bn")
                .input("x", GraphBuilder.BATCH, 1, 4, 4)
                .initializer("w", new long[] {2, 1, 3, 3}, ramp(18))
                .initializer("scale", new long[] {2}, new float[] {1, 1})
                .initializer("shift", new long[] {2}, new float[] {0, 0})
                .initializer("mean", new long[] {2}, new float[] {0.5f, 0.5f})
                .initializer("var", new long[] {2}, new float[] {1, 1})
                .node("conv", "Conv", List.of("x", "w"), "c")
                .node("bn", "BatchNormalization", List.of("c", "scale", "shift", "mean", "var"), "y")
                .output("y", GraphBuilder.BATCH, 2, 2, 2)
                .build();
        ModelStatistics stats = ModelStatistics.of(model, 1, 4, 4);
        assertEquals(18 + 2 + 2, stats.parameters(), "weight, scale and shift; not the running mean and variance");
        assertEquals(18 + 2, stats.nonZeroParameters(), "the zero shift counts as zero; the running statistics not at all");
    }

    @Test
    void symbolicSpatialDimsTakeTheGivenShape() {
        OnnxModel fixed = GraphBuilder.named("fully-conv")
                .input("input", GraphBuilder.BATCH, 1, 8, 8)
                .initializer("w", new long[] {3, 1, 5, 5}, ramp(75))
                .node("conv", "Conv", List.of("input", "w"), "y", NodeAttribute.ofInts("strides", 3, 3))
                .output("y")
                .build();
        ModelProto proto = fixed.proto();
        GraphProto.Builder graph = proto.getGraph().toBuilder();
        TensorShapeProto.Builder shape = graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        shape.setDim(2, TensorShapeProto.Dimension.newBuilder().setDimParam("H"));
        shape.setDim(3, TensorShapeProto.Dimension.newBuilder().setDimParam("W"));
        OnnxModel open = OnnxModel.of(proto.toBuilder().setGraph(graph).build(), "fully-conv");
        assertArrayEquals(new long[] {-1, 1, -1, -1}, open.graph().inputs().get(0).dims());

        // (8 - 5) / 3 + 1 = 2 and (11 - 5) / 3 + 1 = 3 outputs per axis
        assertEquals(3L * 1 * 5 * 5 * 2 * 2, ModelStatistics.of(open, 1, 8, 8).macs());
        assertEquals(3L * 1 * 5 * 5 * 3 * 3, ModelStatistics.of(open, 1, 11, 11).macs());
        assertEquals(75, ModelStatistics.of(open, 1, 11, 11).parameters());
    }

    @Test
    void gemmReadingTheModelInputIsCounted() {
        ModelStatistics stats = ModelStatistics.of(TestModels.PureGemm.create().model(), 4);
        // [1,4] x [4,3] + bias [3]
        assertEquals(List.of(new LayerStatistics("fc", "Gemm", "w", 12, 12, 0, 1L * 4 * 3, 1L * 4 * 3)), stats.layers());
        assertEquals(15, stats.parameters());
    }

    @Test
    void matMulBetweenComputedValuesHasNoWeight() {
        OnnxModel model = GraphBuilder.named("outer")
                .input("x", GraphBuilder.BATCH, 4, 1)
                .node("t", "Transpose", List.of("x"), "xt", NodeAttribute.ofInts("perm", 0, 2, 1))
                .node("outer", "MatMul", List.of("x", "xt"), "y")
                .output("y")
                .build();
        ModelStatistics stats = ModelStatistics.of(model, 4, 1);
        LayerStatistics layer = stats.layers().get(0);
        assertNull(layer.weight());
        assertEquals(0, layer.parameters());
        // [1,4,1] x [1,1,4] -> [1,4,4], K = 1
        assertEquals(16, layer.macs());
        assertEquals(0, stats.parameters());
    }

    @Test
    void shapeThatDoesNotFitTheInputIsRejected() {
        OnnxModel model = layered(GraphBuilder.BATCH, 1, 9, 9).build();
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> ModelStatistics.of(model, 1, 8, 9));
        assertTrue(dim.getMessage().contains("fixes dim 2 to 9"), dim.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> ModelStatistics.of(model, 81));
        assertTrue(rank.getMessage().contains("must give every dim after the batch dim"), rank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelStatistics.of(model, 1, 0, 9));
    }

    @Test
    void statisticsRoundTripThroughJackson() throws Exception {
        ModelStatistics stats = ModelStatistics.of(layered(GraphBuilder.BATCH, 1, 9, 9).build(), 1, 9, 9);
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(stats);
        assertTrue(text.contains("\"macs\":" + stats.macs()), text);
        assertEquals(stats, json.readValue(text, ModelStatistics.class));
    }
}
