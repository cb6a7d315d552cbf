package io.cardeck.pruning.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.InvalidParameterException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningRateRewindingTest {

    private static final Map<String, Object> PARAMS = Map.of("targetSparsity", 0.8, "rounds", 2, "keepDense", List.of(),
            "retraining", Map.of("epochs", 2, "learningRate", 0.05));

    @TempDir
    Path work;

    @Test
    void roundsReachTheTargetWithNestedMasksAndAKilledRunResumesToTheSameWeights() {
        OnnxModel parent = SmallRuns.lenet();
        List<PruningResult> rounds = new ArrayList<>();
        PruningResult whole = PruningMethods.run(parent, "lrr", PARAMS, PruningContext.builder().data(SmallRuns.data())
                .workDirectory(work.resolve("whole")).rounds((round, count, result) -> rounds.add(result)).build());

        assertEquals(2, rounds.size());
        double first = sparsity(rounds.get(0).model());
        assertEquals(1 - Math.sqrt(0.2), first, 1e-4, "round 1 keeps sqrt(0.2) of the weights");
        assertEquals(0.8, sparsity(whole.model()), 1e-4);
        assertZerosStay(rounds.get(0).model(), whole.model());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) whole.model().metadata().lineage().recipe().get("rounds");
        assertEquals(2, history.size());
        assertTrue(((Number) history.get(1).get("heldOutAccuracy")).doubleValue() > 0.6, history.toString());

        // The same run killed in round 2 (here: cancelled after a few steps), then started again.
        Path interrupted = work.resolve("interrupted");
        AtomicBoolean cancel = new AtomicBoolean();
        int[] steps = {0};
        PruningContext killed = PruningContext.builder().data(SmallRuns.data()).workDirectory(interrupted)
                .rounds((round, count, result) -> cancel.set(true))
                .cancelled(() -> cancel.get() && ++steps[0] > 20).build();
        assertThrows(PruningCancelledException.class, () -> PruningMethods.run(parent, "lrr", PARAMS, killed));
        List<Integer> reported = new ArrayList<>();
        PruningResult resumed = PruningMethods.run(parent, "lrr", PARAMS, PruningContext.builder().data(SmallRuns.data())
                .workDirectory(interrupted).rounds((round, count, result) -> reported.add(round)).build());
        assertEquals(List.of(2), reported, "the finished round is not repeated");
        for (PrunableLayer layer : PrunableLayers.of(whole.model())) {
            assertArrayEquals(layer.weight().data(), resumed.model().graph().floatInitializer(layer.name()).data(),
                    layer.name() + " equals the uninterrupted run's");
        }
    }

    @Test
    void targetsTheModelAlreadyMeetsAndRoundsThatCannotReachTheTargetAreRefused() {
        OnnxModel sparse = PruningMethods.run(SmallRuns.lenet(), "magnitude", Map.of("sparsity", 0.9, "keepDense", List.of()),
                PruningContext.now()).model();
        InvalidParameterException met = assertThrows(InvalidParameterException.class, () -> PruningMethods.run(sparse, "lrr",
                Map.of("targetSparsity", 0.5, "keepDense", List.of()), PruningContext.builder().data(SmallRuns.data()).build()));
        assertTrue(met.getMessage().contains("not above the model's current sparsity 0.9"), met.getMessage());
        InvalidParameterException slow = assertThrows(InvalidParameterException.class, () -> PruningMethods.run(sparse, "lrr",
                Map.of("targetSparsity", 0.99, "ratePerRound", 0.01), PruningContext.now()));
        assertTrue(slow.getMessage().contains("needs 459 rounds"), slow.getMessage());
        InvalidParameterException both = assertThrows(InvalidParameterException.class, () -> PruningMethods.run(sparse, "lrr",
                Map.of("targetSparsity", 0.95, "ratePerRound", 0.5, "rounds", 3), PruningContext.now()));
        assertTrue(both.getMessage().contains("rounds or ratePerRound, not both"), both.getMessage());
        InvalidParameterException domain = assertThrows(InvalidParameterException.class, () -> PruningMethods.run(sparse, "lrr",
                Map.of("targetSparsity", 0.95, "retraining", Map.of("domain", "fog")), PruningContext.now()));
        assertTrue(domain.getMessage().contains("'retraining.domain' cannot be fog"), domain.getMessage());
        InvalidParameterException noData = assertThrows(InvalidParameterException.class, () -> PruningMethods.run(sparse, "lrr",
                Map.of("targetSparsity", 0.95), PruningContext.now()));
        assertTrue(noData.getMessage().contains("needs calibration data"), noData.getMessage());
    }

    static double sparsity(OnnxModel model) {
        long zeros = 0;
        long total = 0;
        for (PrunableLayer layer : PrunableLayers.of(model)) {
            total += layer.size();
            zeros += layer.size() - layer.weight().nonZeros();
        }
        return (double) zeros / total;
    }

    static void assertZerosStay(OnnxModel earlier, OnnxModel later) {
        for (PrunableLayer layer : PrunableLayers.of(earlier)) {
            float[] before = layer.weight().data();
            float[] after = later.graph().floatInitializer(layer.name()).data();
            for (int i = 0; i < before.length; i++) {
                if (before[i] == 0f) {
                    assertEquals(0f, after[i], layer.name() + "[" + i + "] was pruned and must stay zero");
                }
            }
        }
    }
}
