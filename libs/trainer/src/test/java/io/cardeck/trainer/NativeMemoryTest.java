package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.cardeck.data.ImageDataset;
import io.cardeck.trainer.engine.TorchEngine;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.SgdConfig;
import org.junit.jupiter.api.Test;

/** Steps, evaluations and gradient reads leave no arrays behind; closing frees everything. */
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
}
