package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.cardeck.data.ImageDataset;
import io.cardeck.trainer.engine.TorchEngine;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.SgdConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Steps, evaluations and gradient reads leave no arrays behind; closing frees everything; the native
 * memory a step frees is reused by the next one instead of being mapped afresh.
 */
class NativeMemoryTest {

    private static int liveArrays() {
        try (NDManager probe = TorchEngine.newManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void trainingStepsDoNotAccumulateArrays() {
        ImageDataset train = TestNets.fashionMnist("train");
        int before = liveArrays();
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(1));
             Trainer trainer = new Trainer(model, new SgdConfig(0.9, false, 1e-4), ClassificationLoss.crossEntropy())) {
            model.parameter("fc.weight").maskZeros();
            trainer.step(Batch.of(train.images(0, 8), train.labels(0, 8)), 0.01, 0);
            int afterFirst = liveArrays();
            for (int step = 1; step < 8; step++) {
                trainer.step(Batch.of(train.images(step * 8, 8), train.labels(step * 8, 8)), 0.01, step);
                model.parameter("conv1.weight").gradient();
                trainer.computeGradients(Batch.of(train.images(0, 8), train.labels(0, 8)));
            }
            trainer.evaluate(train.firstImages(20), 8);
            model.toOnnx();
            assertEquals(afterFirst, liveArrays(), "arrays alive after more steps");
        }
        assertEquals(before, liveArrays(), "arrays alive after closing");
    }

    /** Minor page faults of this process so far: field 10 of /proc/self/stat, counted from the end of the command name. */
    private static long minorPageFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+")[7]);
    }

    @Test
    void trainingStepsReuseTheNativeMemoryThatEarlierStepsFreed() throws IOException {
        assertTrue(TorchEngine.retainsFreedMemory(), "glibc's malloc takes the thresholds on Linux");
        ImageDataset train = TestNets.fashionMnist("train");
        Batch batch = Batch.of(train.images(0, 128), train.labels(0, 128));
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(1));
             Trainer trainer = new Trainer(model, new SgdConfig(0.9, true, 5e-4), ClassificationLoss.crossEntropy())) {
            for (int step = 0; step < 3; step++) {
                trainer.step(batch, 0.01, step);
            }
            int steps = 10;
            long before = minorPageFaults();
            for (int step = 0; step < steps; step++) {
                trainer.step(batch, 0.01, step);
            }
            double perStep = (double) (minorPageFaults() - before) / steps;
            // With glibc's adaptive thresholds this measured 1,900-2,900 faults per step, with the fixed ones 170.
            assertTrue(perStep < 600, perStep + " page faults per step");
        }
    }
}
