package io.cardeck.pruning.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningCancelledException;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradualAndLotteryTest {

    @TempDir
    Path work;

    @Test
    void gradualPruningEndsAtTheTargetAndAResumedRunPrunesAtTheSameSteps() {
        Map<String, Object> params = Map.of("targetSparsity", 0.85, "interval", 5, "endFraction", 0.6, "keepDense", List.of(),
                "training", Map.of("epochs", 2, "learningRate", 0.05));
        OnnxModel parent = SmallRuns.lenet();
        PruningResult whole = PruningMethods.run(parent, "gmp", params, PruningContext.builder().data(SmallRuns.data())
                .workDirectory(work.resolve("whole")).build());
        assertEquals(0.85, LearningRateRewindingTest.sparsity(whole.model()), 1e-4);

        AtomicLong polls = new AtomicLong();
        Path interrupted = work.resolve("interrupted");
        // 2,000 images in batches of 128: 16 steps an epoch; stop in the second epoch.
        assertThrows(PruningCancelledException.class, () -> PruningMethods.run(parent, "gmp", params, PruningContext.builder()
                .data(SmallRuns.data()).workDirectory(interrupted).cancelled(() -> polls.incrementAndGet() > 20).build()));
        PruningResult resumed = PruningMethods.run(parent, "gmp", params, PruningContext.builder().data(SmallRuns.data())
                .workDirectory(interrupted).build());
        assertEquals(1, ((Number) resumed.model().metadata().lineage().recipe().get("resumedAfterEpoch")).intValue());
        for (PrunableLayer layer : PrunableLayers.of(whole.model())) {
            assertArrayEquals(layer.weight().data(), resumed.model().graph().floatInitializer(layer.name()).data(), layer.name());
        }
    }

    @Test
    void theLotteryTicketKeepsItsDenseTrainingAndRewindsTheSurvivorsToTheirEarlyValues() throws Exception {
        // A vanishing retraining rate leaves the rewound survivors where the rewind put them.
        Map<String, Object> params = Map.of("targetSparsity", 0.7, "rounds", 1, "keepDense", List.of(), "rewindEpoch", 1,
                "denseEpochs", 2, "retraining", Map.of("epochs", 1, "learningRate", 1e-12, "weightDecay", 0));
        List<Integer> rounds = new ArrayList<>();
        PruningResult result = PruningMethods.run(SmallRuns.lenet(), "lth", params, PruningContext.builder()
                .data(SmallRuns.data()).workDirectory(work).rounds((round, count, r) -> rounds.add(round)).build());
        assertEquals(List.of(0, 1), rounds, "the dense training is kept as round 0");
        OnnxModel rewindPoint = OnnxModel.load(work.resolve("rewind-epoch-01.onnx"));
        OnnxModel dense = OnnxModel.load(work.resolve("dense.onnx"));
        assertEquals(0.7, LearningRateRewindingTest.sparsity(result.model()), 1e-4);
        // The mask comes from the dense model's magnitudes: every survivor is at least as large there as every pruned weight.
        float smallestKept = Float.MAX_VALUE;
        float largestPruned = 0;
        for (PrunableLayer layer : PrunableLayers.of(result.model())) {
            float[] after = layer.weight().data();
            float[] early = rewindPoint.graph().floatInitializer(layer.name()).data();
            float[] trained = dense.graph().floatInitializer(layer.name()).data();
            for (int i = 0; i < after.length; i++) {
                if (after[i] != 0f) {
                    assertEquals(early[i], after[i], 1e-6, layer.name() + "[" + i + "] is its epoch-1 value");
                    smallestKept = Math.min(smallestKept, Math.abs(trained[i]));
                } else {
                    largestPruned = Math.max(largestPruned, Math.abs(trained[i]));
                }
            }
        }
        assertTrue(largestPruned <= smallestKept, largestPruned + " pruned above " + smallestKept + " kept");
    }
}
