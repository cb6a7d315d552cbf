package io.cardeck.pruning.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.events.TrainingRecord;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.JobProgress;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinetuningTest {

    @TempDir
    Path work;

    @Test
    void fineTuningKeepsTheMasksAndRecoversHeldOutAccuracy() {
        OnnxModel parent = SmallRuns.lenet();
        Map<String, Object> prune = Map.of("sparsity", 0.9, "keepDense", List.of());
        PruningResult oneShot = PruningMethods.run(parent, "magnitude", prune, PruningContext.now());
        List<TrainingRecord> epochEnds = new ArrayList<>();
        JobProgress progress = new JobProgress() {
            @Override
            public void report(double fraction, String message) {
            }

            @Override
            public void milestone(double fraction, String message, TrainingRecord training) {
                epochEnds.add(training);
            }
        };
        PruningResult recovered = PruningMethods.run(parent, "magnitude", Map.of("sparsity", 0.9, "keepDense", List.of(),
                        "recovery", Map.of("finetune", Map.of("epochs", 2, "learningRate", 0.02))),
                PruningContext.builder().data(SmallRuns.data()).workDirectory(work).progress(progress).build());

        LearningRateRewindingTest.assertZerosStay(oneShot.model(), recovered.model());
        assertEquals(oneShot.after().nonZeroParameters(), recovered.after().nonZeroParameters(),
                "fine-tuning moves kept weights, never revives pruned ones (biases are dense either way)");
        @SuppressWarnings("unchecked")
        Map<String, Object> finetune = (Map<String, Object>) ((Map<String, Object>) recovered.model().metadata().lineage()
                .recipe().get("recovery")).get("finetune");
        double before = ((Number) finetune.get("heldOutBefore")).doubleValue();
        double after = ((Number) finetune.get("heldOutAfter")).doubleValue();
        assertTrue(after > before + 0.05, "held-out accuracy " + before + " -> " + after);
        List<?> history = (List<?>) finetune.get("history");
        assertEquals(2, history.size());
        // Each epoch's end is reported with the figures the lineage records for it.
        assertEquals(2, epochEnds.size(), epochEnds.toString());
        for (int e = 0; e < history.size(); e++) {
            Map<?, ?> epoch = (Map<?, ?>) history.get(e);
            TrainingRecord end = epochEnds.get(e);
            assertEquals(List.of("fine-tuning", e + 1, 2), List.of(end.stage(), end.epoch(), end.epochs()), end.toString());
            assertTrue(end.round() == null && end.batch() == null && end.batches() == null, end.toString());
            // The lineage keeps the figures at float precision (the model's metadata); the record has them whole.
            assertEquals(((Number) epoch.get("loss")).doubleValue(), end.loss(), 1e-6, end.toString());
            assertEquals(((Number) epoch.get("trainAccuracy")).doubleValue(), end.trainAccuracy(), 1e-6, end.toString());
            assertEquals(((Number) epoch.get("heldOutAccuracy")).doubleValue(), end.heldOutAccuracy(), 1e-6, end.toString());
        }
        assertEquals(0, ((Number) finetune.get("resumedAfterEpoch")).intValue());
    }
}
