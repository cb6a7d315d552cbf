package io.cardeck.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MagnitudePruningTest {

    private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");
    private static final PruningContext CONTEXT = PruningContext.builder().parentModelId("model-1").createdAt(AT).build();

    /** input [N,1,6,6] -> Conv(2@3x3, pad 1, 18 weights) -> Relu -> Flatten -> Gemm(72 -> 3, 216 weights). */
    private static OnnxModel model() {
        SplittableRandom random = new SplittableRandom(11);
        float[] conv = new float[18];
        float[] fc = new float[3 * 72];
        for (int i = 0; i < conv.length; i++) {
            conv[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < fc.length; i++) {
            fc[i] = (float) random.nextGaussian() * 0.1f;
        }
        return GraphBuilder.named("two-layers")
                .input("x", GraphBuilder.BATCH, 1, 6, 6)
                .initializer("conv.weight", new long[] {2, 1, 3, 3}, conv)
                .initializer("conv.bias", new long[] {2}, new float[] {0.001f, -0.002f})
                .initializer("fc.weight", new long[] {3, 72}, fc)
                .initializer("fc.bias", new long[] {3}, new float[] {0.0001f, 0f, 0.0003f})
                .node("conv", "Conv", List.of("x", "conv.weight", "conv.bias"), "c", NodeAttribute.ofInts("pads", 1, 1, 1, 1))
                .node("relu", "Relu", List.of("c"), "r")
                .node("flatten", "Flatten", List.of("r"), "f")
                .node("fc", "Gemm", List.of("f", "fc.weight", "fc.bias"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, 3)
                .build();
    }

    private static PruningResult prune(OnnxModel model, Map<String, Object> params) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        // Prune both layers of the two-layer model (by default its conv and classifier stay dense).
        all.putIfAbsent("keepDense", List.of());
        return PruningMethods.run(model, "magnitude", all, CONTEXT);
    }

    @Test
    void globalScopeZeroesExactlyTheSmallestMagnitudesOverAllLayers() {
        OnnxModel original = model();
        PruningResult result = prune(original, Map.of("sparsity", 0.5, "allocation", Map.of("type", "global")));

        List<Float> kept = new ArrayList<>();
        List<Float> removed = new ArrayList<>();
        for (String name : List.of("conv.weight", "fc.weight")) {
            float[] before = original.graph().floatInitializer(name).data();
            float[] after = result.model().graph().floatInitializer(name).data();
            for (int i = 0; i < before.length; i++) {
                if (after[i] == 0f) {
                    removed.add(Math.abs(before[i]));
                } else {
                    assertEquals(before[i], after[i], 0f, "kept weights are unchanged");
                    kept.add(Math.abs(before[i]));
                }
            }
        }
        assertEquals(117, removed.size(), "round(0.5 * 234)");
        assertTrue(removed.stream().mapToDouble(Float::doubleValue).max().orElseThrow()
                <= kept.stream().mapToDouble(Float::doubleValue).min().orElseThrow());
        // The small fc weights go first under one global ranking, so the layers end with different sparsities.
        assertTrue(result.layers().get(1).sparsityAfter() > result.layers().get(0).sparsityAfter());
        assertEquals(117, result.before().nonZeroParameters() - result.after().nonZeroParameters());
        assertArrayEquals(original.graph().floatInitializer("fc.bias").data(),
                result.model().graph().floatInitializer("fc.bias").data(), "biases are not pruned");
    }

    @Test
    void uniformAllocationPrunesEachLayerToTheTargetAndTheTotalExactly() {
        PruningResult result = prune(model(), Map.of("sparsity", 0.9, "allocation", Map.of("type", "uniform")));
        // 0.9 * 18 = 16.2 and 0.9 * 216 = 194.4; the total must be round(0.9 * 234) = 211, so the larger remainder
        // (fc, 0.4) takes the one weight the floors leave over (the old per-layer rounding gave 210).
        assertEquals(List.of(16L, 195L), result.layers().stream().map(c -> c.parameters() - c.nonZerosAfter()).toList());
    }

    @Test
    void theLineageRecordsParentMethodParametersAndSparsity() {
        OnnxModel original = model();
        PruningResult result = prune(original, Map.of("sparsity", 0.5));
        Lineage lineage = result.model().metadata().lineage();
        assertEquals("model-1", lineage.parentModelId());
        assertEquals(original.sha256(), lineage.parentSha256());
        assertEquals("magnitude", lineage.method());
        assertEquals(0.5, lineage.parameters().get("sparsity"));
        assertEquals(List.of(), lineage.parameters().get("keepDense"));
        assertEquals(1.0, lineage.parameters().get("maxLayerSparsity"));
        assertEquals("global", ((Map<?, ?>) lineage.parameters().get("allocation")).get("type"));
        assertEquals("global", ((Map<?, ?>) lineage.recipe().get("allocation")).get("type"));
        Map<?, ?> allocated = (Map<?, ?>) ((Map<?, ?>) lineage.recipe().get("allocation")).get("layerSparsity");
        assertEquals(List.of("conv.weight", "fc.weight"), List.copyOf(allocated.keySet()));
        assertEquals(result.layers().get(1).sparsityAfter(), (Double) allocated.get("fc.weight"), 1e-12);
        assertEquals(List.of(Map.of("layer", "conv.weight", "before", List.of(2, 1, 3, 3), "after", List.of(2, 1, 3, 3),
                        "sparsity", result.layers().get(0).sparsityAfter()),
                Map.of("layer", "fc.weight", "before", List.of(3, 72), "after", List.of(3, 72),
                        "sparsity", result.layers().get(1).sparsityAfter())), lineage.recipe().get("layers"));
        assertEquals(result.layers().get(1).sparsityAfter(), lineage.layerSparsity().get("fc.weight"), 1e-12);
        assertEquals(AT, lineage.createdAt());
    }

    @Test
    void thePrunedModelStillRunsAndZeroSparsityChangesNoWeight() {
        OnnxModel original = model();
        PruningResult none = prune(original, Map.of("sparsity", 0.0));
        assertEquals(original.graph().floatInitializer("fc.weight"), none.model().graph().floatInitializer("fc.weight"));
        float[] input = new float[2 * 36];
        java.util.Arrays.fill(input, 0.5f);
        try (ModelSession before = InferenceSessions.open(original, SessionOptionsSpec.cpu());
             ModelSession after = InferenceSessions.open(none.model(), SessionOptionsSpec.cpu());
             ModelSession pruned = InferenceSessions.open(prune(original, Map.of("sparsity", 0.8)).model(), SessionOptionsSpec.cpu())) {
            assertArrayEquals(before.run(input, 2).values(), after.run(input, 2).values(), 0f);
            assertEquals(6, pruned.run(input, 2).values().length);
        }
    }

    @Test
    void weightsThatAreAlreadyZeroCountTowardsTheTarget() {
        OnnxModel original = model();
        float[] fc = original.graph().floatInitializer("fc.weight").data().clone();
        java.util.Arrays.fill(fc, 0, 100, 0f);
        OnnxModel sparse = original.edit().replaceInitializer(new FloatTensor("fc.weight", new long[] {3, 72}, fc)).build();
        PruningResult result = prune(sparse, Map.of("sparsity", 0.5));
        assertEquals(117, result.layers().stream().mapToLong(c -> c.parameters() - c.nonZerosAfter()).sum(),
                "234 prunable weights, 117 zero afterwards");
        assertEquals(100, result.layers().get(1).parameters() - result.layers().get(1).nonZerosBefore());
    }

    @Test
    void badParametersNameTheParameterAndWhatIsAccepted() {
        OnnxModel m = model();
        assertMessage("parameter 'sparsity' must be less than 1, got 1.0", () -> prune(m, Map.of("sparsity", 1.0)));
        assertMessage("parameter 'sparsity' must be greater than or equal to 0, got -0.1",
                () -> prune(m, Map.of("sparsity", -0.1)));
        assertMessage("keepDense names no layer: 'fc2'; accepted: stem, classifier, or one of conv, fc",
                () -> prune(m, Map.of("sparsity", 0.5, "keepDense", List.of("fc2"))));
        assertMessage("keeps every layer", () -> prune(m, Map.of("sparsity", 0.5, "keepDense", List.of("stem", "classifier"))));
        assertMessage("cannot be met with no layer above 0.3",
                () -> prune(m, Map.of("sparsity", 0.5, "maxLayerSparsity", 0.3)));
        assertMessage("parameter 'maxLayerSparsity' must be greater than 0", () -> prune(m, Map.of("sparsity", 0.5,
                "maxLayerSparsity", 0.0)));
        assertMessage("unknown parameter 'amount'", () -> prune(m, Map.of("sparsity", 0.5, "amount", 3)));
        assertMessage("parameter 'allocation.type' cannot be diagonal",
                () -> prune(m, Map.of("sparsity", 0.5, "allocation", Map.of("type", "diagonal"))));
        assertMessage("unknown parameter 'scope'; accepted parameters: sparsity (Double), allocation (AllocationParameters)",
                () -> prune(m, Map.of("sparsity", 0.5, "scope", "layer")));
        assertMessage("sparsity", () -> prune(m, Map.of("sparsity", "half")));
        assertMessage("sparsity", () -> prune(m, Map.of("allocation", Map.of("type", "uniform"))));
        assertMessage("unknown pruning method 'optimal'; accepted: ", () -> PruningMethods.byName("optimal"));
    }

    @Test
    void aModelWithoutWeightsCannotBePruned() {
        OnnxModel identity = GraphBuilder.named("identity").input("x", GraphBuilder.BATCH, 4)
                .node("id", "Relu", List.of("x"), "y").output("y", GraphBuilder.BATCH, 4).build();
        assertMessage("no prunable weights", () -> prune(identity, Map.of("sparsity", 0.5)));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, call);
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
    }

    @Test
    void keepDenseLeavesTheStemConvAndTheClassifierByDefault() {
        float[] hidden = new float[72 * 72];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (i % 7 - 3) * 0.01f;
        }
        OnnxModel original = GraphBuilder.named("three-layers")
                .input("x", GraphBuilder.BATCH, 1, 6, 6)
                .initializer("conv.weight", new long[] {2, 1, 3, 3}, new float[18])
                .initializer("hidden.weight", new long[] {72, 72}, hidden)
                .initializer("fc.weight", new long[] {3, 72}, new float[216])
                .node("conv", "Conv", List.of("x", "conv.weight"), "c", NodeAttribute.ofInts("pads", 1, 1, 1, 1))
                .node("flatten", "Flatten", List.of("c"), "f")
                .node("hidden", "Gemm", List.of("f", "hidden.weight"), "h", NodeAttribute.ofInt("transB", 1))
                .node("fc", "Gemm", List.of("h", "fc.weight"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, 3)
                .build();
        PruningResult result = PruningMethods.run(original, "magnitude", Map.of("sparsity", 0.5), CONTEXT);
        assertEquals(List.of("conv.weight", "hidden.weight", "fc.weight"), result.layers().stream().map(LayerChange::layer).toList());
        assertEquals(original.graph().floatInitializer("conv.weight"), result.model().graph().floatInitializer("conv.weight"));
        assertEquals(original.graph().floatInitializer("fc.weight"), result.model().graph().floatInitializer("fc.weight"));
        LayerChange hiddenLayer = result.layers().get(1);
        assertEquals(72 * 72 / 2, hiddenLayer.parameters() - hiddenLayer.nonZerosAfter());
    }

    @Test
    void keepDenseByNodeNameExcludesTheLayerAndTheTargetAppliesToTheRest() {
        PruningResult result = prune(model(), Map.of("sparsity", 0.5, "keepDense", List.of("conv")));
        assertEquals(result.layers().get(0).nonZerosBefore(), result.layers().get(0).nonZerosAfter(), "conv kept dense");
        assertEquals(108, result.layers().get(1).parameters() - result.layers().get(1).nonZerosAfter(), "round(0.5 * 216)");
    }

    @Test
    void theLayerCapHoldsAndTheOverallTargetStillDoes() {
        // Uncapped, the global ranking takes the small fc weights first, past 60% of that layer.
        PruningResult uncapped = prune(model(), Map.of("sparsity", 0.54));
        assertTrue(uncapped.layers().get(1).sparsityAfter() > 0.56, "fc " + uncapped.layers().get(1).sparsityAfter());
        PruningResult capped = prune(model(), Map.of("sparsity", 0.54, "maxLayerSparsity", 0.55));
        assertEquals(118, capped.layers().get(1).parameters() - capped.layers().get(1).nonZerosAfter(), "floor(0.55 * 216)");
        assertEquals(Math.round(0.54 * 234), capped.layers().stream().mapToLong(c -> c.parameters() - c.nonZerosAfter()).sum());
    }
}
