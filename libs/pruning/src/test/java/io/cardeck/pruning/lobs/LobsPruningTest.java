package io.cardeck.pruning.lobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.LayerChange;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.ZooModels;
import io.cardeck.pruning.Refusals;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lobs method on the zoo's models: what it changes, what it records, and the requests it refuses. */
class LobsPruningTest {

    private static final CalibrationData DATA = ZooModels.fashionMnist();

    @Test
    void onResNet20OnlyConvWeightsChangeAndBatchNormIsLeftAlone() {
        OnnxModel resnet = ZooModels.load("resnet20-standard");
        List<String> progress = new java.util.ArrayList<>();
        PruningResult result = PruningMethods.run(resnet, "lobs", Map.of("sparsity", 0.6, "calibrationImages", 64,
                "patchesPerImage", 4), PruningContext.builder().data(DATA).progress((f, m) -> progress.add(m)).build());
        Set<String> batchNorm = new HashSet<>();
        for (OnnxNode node : resnet.graph().nodes()) {
            if (node.opType().equals("BatchNormalization")) {
                batchNorm.addAll(node.inputs().subList(1, 5));
            }
        }
        assertEquals(21 * 4, batchNorm.size(), "21 BatchNorms (stem, 18 in blocks, 2 shortcuts), 4 parameters each");
        Set<String> pruned = new HashSet<>(((Map<?, ?>) ((Map<?, ?>) result.model().metadata().lineage().recipe()
                .get("allocation")).get("layerSparsity")).keySet().stream().map(String::valueOf).toList());
        assertEquals(18 + 2, pruned.size(), "the 18 block convs and 2 shortcut convs; stem and fc stay dense");
        for (String name : resnet.graph().initializerNames()) {
            boolean same = resnet.graph().initializer(name).equals(result.model().graph().initializer(name));
            assertEquals(!pruned.contains(name), same, name);
        }
        for (LayerChange layer : result.layers()) {
            double expected = pruned.contains(layer.layer()) ? 0.6 : 0;
            assertEquals(expected, layer.sparsityAfter(), 1.0 / layer.parameters() + 1e-12, layer.layer());
        }
        Map<?, ?> timings = (Map<?, ?>) result.model().metadata().lineage().recipe().get("timings");
        for (String phase : List.of("forwardSeconds", "hessianSeconds", "inverseSeconds", "updateSeconds", "totalSeconds")) {
            assertTrue(timings.containsKey(phase), phase + " in " + timings);
        }
        assertTrue(progress.stream().anyMatch(m -> m.startsWith("layer inputs: 64/64 images")), progress.toString());
        assertTrue(progress.stream().anyMatch(m -> m.startsWith("pruned stage3.block2.conv2 to sparsity 0.600")),
                progress.toString());
    }

    @Test
    void biasesCompensateButAreNeverPruned() {
        OnnxModel lenet = ZooModels.load("lenet5-standard");
        PruningResult result = PruningMethods.run(lenet, "lobs", Map.of("sparsity", 0.9, "keepDense", List.of()),
                PruningContext.builder().data(DATA).build());
        for (String bias : List.of("conv1.bias", "conv2.bias", "fc1.bias", "fc2.bias", "fc3.bias")) {
            float[] before = lenet.graph().floatInitializer(bias).data();
            float[] after = result.model().graph().floatInitializer(bias).data();
            assertEquals(result.model().graph().floatInitializer(bias).nonZeros(), before.length, bias + " has no zero");
            assertNotEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(after),
                    bias + ": the OBS update moves the bias with the weights (the 1 appended to each input)");
        }
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        OnnxModel lenet = ZooModels.load("lenet5-standard");
        PruningContext context = PruningContext.builder().data(DATA).build();
        Refusals.assertRefused("lobs: parameter 'damping' must be greater than 0, got 0.0",
                () -> PruningMethods.run(lenet, "lobs", Map.of("sparsity", 0.5, "damping", 0.0), context));
        Refusals.assertRefused("lobs: parameter 'damping' must be greater than 0, got -0.01",
                () -> PruningMethods.run(lenet, "lobs", Map.of("sparsity", 0.5, "damping", -0.01), context));
        Refusals.assertRefused("calibration images must be in 1..55000 (the training split of fashion-mnist without"
                + " its 5000 held-out images), got 60000",
                () -> PruningMethods.run(lenet, "lobs", Map.of("sparsity", 0.5, "calibrationImages", 60000), context));
        Refusals.assertRefused("lobs: parameter 'calibrationImages' must be less than or equal to 60000, got 70000",
                () -> PruningMethods.run(lenet, "lobs", Map.of("sparsity", 0.5, "calibrationImages", 70000), context));
        Refusals.assertRefused("lobs: parameter 'update' cannot be greedy",
                () -> PruningMethods.run(lenet, "lobs", Map.of("sparsity", 0.5, "update", "greedy"), context));
        Refusals.assertRefused("lobs needs calibration data from the model's training split",
                () -> PruningMethods.run(lenet, "lobs", Map.of("sparsity", 0.5), PruningContext.now()));
    }
}
