package io.cardeck.pruning.l1filter;

import static io.cardeck.pruning.l1filter.MaskedReference.logits;
import static io.cardeck.pruning.l1filter.MaskedReference.maxDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.LayerChange;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.ZooModels;
import io.cardeck.pruning.graph.ChannelGroup;
import io.cardeck.pruning.graph.DependencyGraph;
import io.cardeck.pruning.graph.FilterSet;
import io.cardeck.pruning.graph.UnsupportedGraphException;
import io.cardeck.pruning.l1filter.MaskedReference.Removal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * l1-filter on the trained zoo models and on a graph with every op it follows, checked against
 * references made from the original model with ONNX Runtime, on real Fashion-MNIST test images.
 */
class L1FilterPruningTest {

    private static final int IMAGES = 64;
    private static final float[] TEST_IMAGES = ZooModels.testImages(IMAGES);
    private static final PruningContext CONTEXT = PruningContext.builder().parentModelId("zoo-1")
            .createdAt(Instant.parse("2026-11-28T10:00:00Z")).build();
    private static final OnnxModel LENET = ZooModels.load("lenet5-standard");
    private static final OnnxModel RESNET = ZooModels.load("resnet20-standard");

    private static PruningResult prune(OnnxModel model, Map<String, Object> params) {
        return PruningMethods.run(model, "l1-filter", params, CONTEXT);
    }

    @Test
    void ratioZeroChangesNothingAndTheOutputsStayTheSame() {
        for (OnnxModel model : List.of(LENET, RESNET)) {
            PruningResult result = prune(model, Map.of("ratio", 0.0));
            assertArrayEquals(logits(model, TEST_IMAGES, IMAGES), logits(result.model(), TEST_IMAGES, IMAGES), 0f,
                    model.sourceName());
            assertTrue(result.layers().stream().allMatch(c -> c.dimsBefore().equals(c.dimsAfter())));
            assertEquals(result.before().macs(), result.after().macs());
        }
    }

    @Test
    void leNet5PrunedEqualsItsZeroedFiltersBecauseEveryFoldIsExact() {
        // conv2 has no padding and the rest are Gemm layers: a removed channel's constant folds exactly.
        PruningResult result = prune(LENET, Map.of("ratio", 0.5));
        OnnxModel zeroed = MaskedReference.zeroedFilters(LENET, MaskedReference.removals(result));
        double difference = maxDifference(logits(zeroed, TEST_IMAGES, IMAGES), logits(result.model(), TEST_IMAGES, IMAGES));
        assertTrue(difference < 1e-5, "max |logit difference| " + difference);
        assertTrue(folding(result).values().stream().allMatch(exact -> exact), folding(result).toString());
        // Without the fold the removed channels' constants would be lost: the comparison is not trivially met.
        assertTrue(maxDifference(logits(zeroed, TEST_IMAGES, IMAGES), logits(LENET, TEST_IMAGES, IMAGES)) > 0.1);
    }

    @Test
    void prunedModelsEqualTheirMaskedReferences() {
        for (OnnxModel model : List.of(LENET, RESNET)) {
            for (Map<String, Object> params : List.of(Map.<String, Object>of("ratio", 0.5),
                    Map.<String, Object>of("ratio", 0.3, "scope", "global"), Map.<String, Object>of("ratio", 0.3, "roundTo", 8))) {
                PruningResult result = prune(model, params);
                OnnxModel reference = MaskedReference.silencedAndFolded(model, MaskedReference.removals(result),
                        Arrays.copyOf(TEST_IMAGES, 784));
                double difference = maxDifference(logits(reference, TEST_IMAGES, IMAGES),
                        logits(result.model(), TEST_IMAGES, IMAGES));
                assertTrue(difference < 1e-5, model.sourceName() + " " + params + ": max |logit difference| " + difference);
                assertTrue(result.after().macs() < result.before().macs());
            }
        }
    }

    @Test
    void onResNet20TheFoldIsApproximateAtPaddedBordersYetCloserThanDroppingTheConstants() {
        PruningResult result = prune(RESNET, Map.of("ratio", 0.5));
        List<Removal> removals = MaskedReference.removals(result);
        float[] zeroed = logits(MaskedReference.zeroedFilters(RESNET, removals), TEST_IMAGES, IMAGES);
        float[] pruned = logits(result.model(), TEST_IMAGES, IMAGES);
        // Silenced without folding: the pruned model's function but for the folded biases.
        float[] unfolded = logits(MaskedReference.silenced(RESNET, removals), TEST_IMAGES, IMAGES);
        double foldedError = meanDifference(zeroed, pruned);
        double unfoldedError = meanDifference(zeroed, unfolded);
        assertTrue(foldedError < unfoldedError, "folded " + foldedError + " vs dropped " + unfoldedError);
        Map<String, Boolean> folding = folding(result);
        assertEquals(false, folding.get("stage1.block0.conv2"), "3x3 conv with padding 1");
        assertEquals(true, folding.get("fc"), "Gemm after global average pooling");
    }

    @Test
    void theFiltersWithTheSmallestSummedL1NormGo() {
        PruningResult result = prune(RESNET, Map.of("ratio", 0.5));
        Removal stage1 = MaskedReference.removals(result).stream().filter(r -> r.producers().contains("stem.conv"))
                .findFirst().orElseThrow();
        double[] norms = new double[16];
        for (String producer : List.of("stem.conv", "stage1.block0.conv2", "stage1.block1.conv2", "stage1.block2.conv2")) {
            FloatTensor weight = RESNET.graph().floatInitializer(producer + ".weight");
            int filter = weight.data().length / 16;
            for (int i = 0; i < weight.data().length; i++) {
                norms[i / filter] += Math.abs(weight.data()[i]);
            }
        }
        List<Integer> smallest = IntStream.range(0, 16).boxed().sorted(Comparator.comparingDouble(c -> norms[c])).limit(8)
                .sorted().toList();
        assertEquals(smallest, stage1.removed());

        PruningResult lenet = prune(LENET, Map.of("ratio", 0.5));
        FloatTensor conv1 = LENET.graph().floatInitializer("conv1.weight");
        double[] conv1Norms = new double[6];
        for (int i = 0; i < 150; i++) {
            conv1Norms[i / 25] += Math.abs(conv1.data()[i]);
        }
        List<Integer> expected = IntStream.range(0, 6).boxed().sorted(Comparator.comparingDouble(c -> conv1Norms[c]))
                .limit(3).sorted().toList();
        assertEquals(expected, MaskedReference.removals(lenet).get(0).removed());
        float[] kept = lenet.model().graph().floatInitializer("conv1.weight").data();
        int next = 0;
        for (int filter = 0; filter < 6; filter++) {
            if (!expected.contains(filter)) {
                assertArrayEquals(Arrays.copyOfRange(conv1.data(), filter * 25, filter * 25 + 25),
                        Arrays.copyOfRange(kept, next * 25, next * 25 + 25), "kept filters are unchanged, in order");
                next++;
            }
        }
    }

    @Test
    void leNet5ShrinksToTheDimsAndMultiplyAccumulatesOfHalfItsChannels() {
        PruningResult result = prune(LENET, Map.of("ratio", 0.5));
        Map<String, List<Long>> after = new HashMap<>();
        result.layers().forEach(c -> after.put(c.layer(), c.dimsAfter()));
        assertEquals(Map.of("conv1.weight", List.of(3L, 1L, 5L, 5L), "conv2.weight", List.of(8L, 3L, 5L, 5L),
                "fc1.weight", List.of(60L, 200L), "fc2.weight", List.of(42L, 60L), "fc3.weight", List.of(10L, 42L)), after);
        // conv1 3 x 25 x 28 x 28, conv2 8 x 3 x 25 x 10 x 10, fc1 200 x 60, fc2 60 x 42, fc3 42 x 10
        assertEquals(58_800 + 60_000 + 12_000 + 2_520 + 420, result.after().macs());
        assertEquals(117_600 + 240_000 + 48_000 + 10_080 + 840, result.before().macs());
        assertEquals(3, result.model().graph().floatInitializer("conv1.bias").data().length);
    }

    @Test
    void theLineageRecordsParametersGroupsFoldsAndDims() {
        PruningResult result = prune(LENET, Map.of("ratio", 0.5));
        Lineage lineage = result.model().metadata().lineage();
        assertEquals("zoo-1", lineage.parentModelId());
        assertEquals(LENET.sha256(), lineage.parentSha256());
        assertEquals("l1-filter", lineage.method());
        assertEquals(Map.of("ratio", 0.5, "scope", "layer", "skip", List.of(), "maxLayerRatio", 0.9, "roundTo", 1,
                "keepResidualStreams", false),
                lineage.parameters());
        assertEquals("l1-filter", lineage.recipe().get("criterion"));
        List<?> groups = (List<?>) lineage.recipe().get("groups");
        assertEquals(4, groups.size());
        assertEquals(List.of("conv1"), ((Map<?, ?>) groups.get(0)).get("producers"));
        assertEquals(Map.of("layer", "conv1.weight", "before", List.of(6, 1, 5, 5), "after", List.of(3, 1, 5, 5),
                "sparsity", result.layers().get(0).sparsityAfter()), ((List<?>) lineage.recipe().get("layers")).get(0));
        assertEquals(0.5, lineage.layerSparsity().get("conv1.weight"), 1e-12, "half the filters are gone");
        assertEquals(List.of("conv2", "fc1", "fc2", "fc3"), ((List<?>) lineage.recipe().get("folding")).stream()
                .map(f -> ((Map<?, ?>) f).get("layer")).toList());
    }

    @Test
    void globalScopeRanksAllGroupsTogetherAndKeepsEveryLayerBelowTheCap() {
        PruningResult result = prune(RESNET, Map.of("ratio", 0.5, "scope", "global", "maxLayerRatio", 0.75));
        List<Removal> removals = MaskedReference.removals(result);
        int total = removals.stream().mapToInt(Removal::channels).sum();
        assertEquals(Math.round(0.5 * total), removals.stream().mapToInt(r -> r.removed().size()).sum());
        assertTrue(removals.stream().allMatch(r -> r.removed().size() <= Math.floor(0.75 * r.channels())), removals.toString());
        assertTrue(removals.stream().map(r -> r.removed().size() * 1.0 / r.channels()).distinct().count() > 1,
                "layers lose different shares");
    }

    @Test
    void roundToKeepsTheNearestMultipleOfChannels() {
        // 30% of 16, 32, 64 channels keeps 11, 22, 45; to multiples of 8: 8, 24, 48. In global scope the ranking's
        // counts are rounded alike.
        for (String scope : List.of("layer", "global")) {
            PruningResult result = prune(RESNET, Map.of("ratio", 0.3, "roundTo", 8, "scope", scope));
            Map<String, List<Long>> after = new HashMap<>();
            result.layers().forEach(c -> after.put(c.layer(), c.dimsAfter()));
            assertTrue(after.values().stream().allMatch(d -> d.get(0) % 8 == 0 || d.get(0) == 10), scope + " " + after);
            if (scope.equals("layer")) {
                assertEquals(List.of(8L, 1L, 3L, 3L), after.get("stem.conv.weight"));
                assertEquals(List.of(24L, 8L, 1L, 1L), after.get("stage2.block0.shortcut.conv.weight"));
                assertEquals(List.of(48L, 48L, 3L, 3L), after.get("stage3.block2.conv2.weight"));
            }
        }
        // Groups no larger than roundTo stay as the ratio says: LeNet-5's conv1 has 6 filters.
        PruningResult lenet = prune(LENET, Map.of("ratio", 0.5, "roundTo", 8));
        assertEquals(List.of(3L, 1L, 5L, 5L), lenet.layers().get(0).dimsAfter());
        assertEquals(List.of(64L, 200L), lenet.layers().get(2).dimsAfter(), "120 x 0.5 = 60 kept, to 64");
    }

    @Test
    void aSkippedLayerKeepsItsFiltersWhileItsInputsFollowTheLayerBefore() {
        PruningResult result = prune(LENET, Map.of("ratio", 0.5, "skip", List.of("conv2")));
        Map<String, List<Long>> after = new HashMap<>();
        result.layers().forEach(c -> after.put(c.layer(), c.dimsAfter()));
        assertEquals(List.of(16L, 3L, 5L, 5L), after.get("conv2.weight"));
        assertEquals(List.of(60L, 400L), after.get("fc1.weight"));
    }

    @Test
    void keepingTheResidualStreamsPrunesOnlyTheGroupsOneLayerMakes() {
        List<ChannelGroup> streams = DependencyGraph.of(RESNET).groups().stream().filter(g -> g.producers().size() > 1).toList();
        assertEquals(3, streams.size(), "one residual stream per stage: " + streams.stream().map(ChannelGroup::name).toList());
        PruningResult kept = prune(RESNET, Map.of("ratio", 0.3, "keepResidualStreams", true));
        Map<String, List<Long>> after = new HashMap<>();
        kept.layers().forEach(c -> after.put(c.layer(), c.dimsAfter()));
        for (ChannelGroup stream : streams) {
            for (FilterSet producer : stream.producers()) {
                assertEquals(stream.size(), after.get(producer.weight()).get(0), producer.weight() + " keeps its filters");
            }
        }
        assertEquals(11L, after.get("stage1.block0.conv1.weight").get(0), "a block's inner channels: 16 - round(0.3 x 16)");
        // The same as naming one producer of each stream in skip, which keeps its whole group.
        PruningResult skipped = prune(RESNET, Map.of("ratio", 0.3,
                "skip", streams.stream().map(g -> g.producerNodes().get(0)).toList()));
        assertEquals(skipped.layers().stream().map(LayerChange::dimsAfter).toList(),
                kept.layers().stream().map(LayerChange::dimsAfter).toList());
        // Without residual streams the option changes nothing.
        assertEquals(prune(LENET, Map.of("ratio", 0.5)).layers().stream().map(LayerChange::dimsAfter).toList(),
                prune(LENET, Map.of("ratio", 0.5, "keepResidualStreams", true)).layers().stream().map(LayerChange::dimsAfter).toList());
    }

    @Test
    void aGraphWithEveryFollowedOpPrunesToItsZeroedFiltersExactly() {
        OnnxModel model = everyOp();
        assertEquals(List.of(4, 3, 5, 4), DependencyGraph.of(model).groups().stream().map(g -> g.size()).toList());
        PruningResult result = prune(model, Map.of("ratio", 0.5));
        OnnxModel zeroed = MaskedReference.zeroedFilters(model, MaskedReference.removals(result));
        double difference = maxDifference(logits(zeroed, TEST_IMAGES, IMAGES), logits(result.model(), TEST_IMAGES, IMAGES));
        assertTrue(difference < 1e-5, "max |logit difference| " + difference);
        assertTrue(maxDifference(logits(zeroed, TEST_IMAGES, IMAGES), logits(model, TEST_IMAGES, IMAGES)) > 1e-2,
                "zeroing half the filters changes the outputs");
        Map<String, Long> groupAttribute = new HashMap<>();
        result.model().graph().nodes().forEach(n -> groupAttribute.put(n.label(), n.intAttribute("group", 1)));
        assertEquals(4L, groupAttribute.get("dw"), "the depthwise conv keeps one group per channel left");
        assertEquals(2L, groupAttribute.get("g"));
        assertEquals(List.of(4L, 1L, 3L, 3L), Arrays.stream(result.model().graph().floatInitializer("dw.w").dims()).boxed().toList());
        assertEquals(List.of(2L, 2L, 1L, 1L), Arrays.stream(result.model().graph().floatInitializer("g.w").dims()).boxed().toList());
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        assertMessage("a ratio of 0.95 removes all 6 channels of conv1 (round(0.95 x 6) = 6); every layer keeps at least one:"
                + " use a ratio below 0.917 or skip conv1", () -> prune(LENET, Map.of("ratio", 0.95)));
        assertMessage("skip names no layer: 'conv9'; accepted: stem, classifier, or one of conv1, conv2, fc1, fc2, fc3",
                () -> prune(LENET, Map.of("ratio", 0.5, "skip", List.of("conv9"))));
        assertMessage("skip [conv1, conv2, fc1, fc2] leaves no channel group of",
                () -> prune(LENET, Map.of("ratio", 0.5, "skip", List.of("conv1", "conv2", "fc1", "fc2"))));
        assertMessage("a global ratio of 0.95 cannot be met when no layer loses more than maxLayerRatio 0.9",
                () -> prune(LENET, Map.of("ratio", 0.95, "scope", "global")));
        assertMessage("parameter 'ratio' must be less than 1, got 1.0", () -> prune(LENET, Map.of("ratio", 1.0)));
        assertMessage("parameter 'ratio' is missing", () -> prune(LENET, Map.of("scope", "global")));
        assertMessage("keepResidualStreams leaves no channel group of",
                () -> prune(RESNET, Map.of("ratio", 0.5, "keepResidualStreams", true, "skip", List.of("stage1.block0.conv1",
                        "stage1.block1.conv1", "stage1.block2.conv1", "stage2.block0.conv1", "stage2.block1.conv1",
                        "stage2.block2.conv1", "stage3.block0.conv1", "stage3.block1.conv1", "stage3.block2.conv1"))));
        assertMessage("parameter 'roundTo' must be greater than or equal to 1, got 0",
                () -> prune(LENET, Map.of("ratio", 0.5, "roundTo", 0)));
    }

    @Test
    void aGraphThatCannotBeProvenSafeIsRefusedAtRequestTimeNamingTheNode() {
        OnnxModel reshaped = GraphBuilder.named("reshaped")
                .input("x", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("a.w", new long[] {4, 1, 3, 3}, values(36, 1))
                .int64Initializer("rows", 0, -1)
                .initializer("fc.w", new long[] {10, 2704}, values(27040, 2))
                .node("a", "Conv", List.of("x", "a.w"), "a.out")
                .node("rows", "Reshape", List.of("a.out", "rows"), "r")
                .node("fc", "Gemm", List.of("r", "fc.w"), "y", NodeAttribute.ofInt("transB", 1))
                .output("y")
                .build();
        UnsupportedGraphException atRequest = assertThrows(UnsupportedGraphException.class,
                () -> PruningMethods.check(reshaped, "l1-filter", Map.of("ratio", 0.5)));
        assertTrue(atRequest.getMessage().startsWith("reshaped: node 'rows' (Reshape)"), atRequest.getMessage());
        assertEquals("rows", assertThrows(UnsupportedGraphException.class, () -> prune(reshaped, Map.of("ratio", 0.5))).node());
        // A request that would succeed passes the same check without being run.
        assertEquals("l1-filter", PruningMethods.check(RESNET, "l1-filter", Map.of("ratio", 0.7)).method().name());
        assertMessage("removes all 6 channels of conv1", () -> PruningMethods.check(LENET, "l1-filter", Map.of("ratio", 0.95)));
    }

    /**
     * input -> [a: Conv 8 3x3 pad 1, bias -> BN -> Relu] + [b: Conv 8 3x3 pad 1 -> BN] -> Relu -> MaxPool
     * -> dw: depthwise Conv 3x3 (no pad, bias) -> Relu -> { g: Conv 1x1 of 2 groups -> 6, Relu ; e: Conv 1x1 -> 5,
     * Sigmoid } -> Concat -> AveragePool 2 -> h: Conv 1x1 -> 4 -> Relu -> Flatten -> fc: Gemm -> 10. Every layer
     * that reads pruned channels has no padding, so every fold is exact.
     */
    private static OnnxModel everyOp() {
        GraphBuilder graph = GraphBuilder.named("every-op").input("x", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("a.w", new long[] {8, 1, 3, 3}, values(72, 1))
                .initializer("a.b", new long[] {8}, values(8, 2))
                .initializer("b.w", new long[] {8, 1, 3, 3}, values(72, 3))
                .initializer("dw.w", new long[] {8, 1, 3, 3}, values(72, 4))
                .initializer("dw.b", new long[] {8}, values(8, 5))
                .initializer("g.w", new long[] {6, 4, 1, 1}, values(24, 6))
                .initializer("g.b", new long[] {6}, values(6, 7))
                .initializer("e.w", new long[] {5, 8, 1, 1}, values(40, 8))
                .initializer("h.w", new long[] {4, 11, 1, 1}, values(44, 9))
                .initializer("fc.w", new long[] {10, 144}, values(1440, 10))
                .initializer("fc.b", new long[] {10}, values(10, 11));
        batchNorm(graph, "bnA", 12);
        batchNorm(graph, "bnB", 13);
        return graph
                .node("a", "Conv", List.of("x", "a.w", "a.b"), "a.out", NodeAttribute.ofInts("pads", 1, 1, 1, 1))
                .node("bnA", "BatchNormalization", List.of("a.out", "bnA.s", "bnA.b", "bnA.m", "bnA.v"), "bnA.out")
                .node("reluA", "Relu", List.of("bnA.out"), "reluA.out")
                .node("b", "Conv", List.of("x", "b.w"), "b.out", NodeAttribute.ofInts("pads", 1, 1, 1, 1))
                .node("bnB", "BatchNormalization", List.of("b.out", "bnB.s", "bnB.b", "bnB.m", "bnB.v"), "bnB.out")
                .node("add", "Add", List.of("reluA.out", "bnB.out"), "add.out")
                .node("relu2", "Relu", List.of("add.out"), "relu2.out")
                .node("pool", "MaxPool", List.of("relu2.out"), "pool.out", NodeAttribute.ofInts("kernel_shape", 2, 2),
                        NodeAttribute.ofInts("strides", 2, 2))
                .node("dw", "Conv", List.of("pool.out", "dw.w", "dw.b"), "dw.out", NodeAttribute.ofInt("group", 8))
                .node("relu3", "Relu", List.of("dw.out"), "relu3.out")
                .node("g", "Conv", List.of("relu3.out", "g.w", "g.b"), "g.out", NodeAttribute.ofInt("group", 2))
                .node("relu4", "Relu", List.of("g.out"), "relu4.out")
                .node("e", "Conv", List.of("relu3.out", "e.w"), "e.out")
                .node("sigmoid", "Sigmoid", List.of("e.out"), "sigmoid.out")
                .node("cat", "Concat", List.of("relu4.out", "sigmoid.out"), "cat.out", NodeAttribute.ofInt("axis", 1))
                .node("avg", "AveragePool", List.of("cat.out"), "avg.out", NodeAttribute.ofInts("kernel_shape", 2, 2),
                        NodeAttribute.ofInts("strides", 2, 2))
                .node("h", "Conv", List.of("avg.out", "h.w"), "h.out")
                .node("relu5", "Relu", List.of("h.out"), "relu5.out")
                .node("flatten", "Flatten", List.of("relu5.out"), "flat", NodeAttribute.ofInt("axis", 1))
                .node("fc", "Gemm", List.of("flat", "fc.w", "fc.b"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, 10)
                .build();
    }

    private static void batchNorm(GraphBuilder graph, String name, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] scale = new float[8];
        float[] shift = new float[8];
        float[] mean = new float[8];
        float[] variance = new float[8];
        for (int c = 0; c < 8; c++) {
            scale[c] = (float) (0.5 + random.nextDouble());
            shift[c] = (float) random.nextGaussian() * 0.5f;
            mean[c] = (float) random.nextGaussian() * 0.2f;
            variance[c] = (float) (0.5 + random.nextDouble());
        }
        graph.initializer(name + ".s", new long[] {8}, scale).initializer(name + ".b", new long[] {8}, shift)
                .initializer(name + ".m", new long[] {8}, mean).initializer(name + ".v", new long[] {8}, variance);
    }

    private static float[] values(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian() * 0.4f;
        }
        return values;
    }

    /** The lineage's folding entries: per layer, whether its fold was exact. */
    private static Map<String, Boolean> folding(PruningResult result) {
        Map<String, Boolean> exact = new HashMap<>();
        for (Object entry : (List<?>) result.model().metadata().lineage().recipe().get("folding")) {
            Map<?, ?> fold = (Map<?, ?>) entry;
            exact.put((String) fold.get("layer"), (Boolean) fold.get("exact"));
        }
        return exact;
    }

    private static double meanDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, call);
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
    }
}
