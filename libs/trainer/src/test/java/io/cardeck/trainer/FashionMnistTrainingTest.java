package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.LearningRateSchedule;
import io.cardeck.trainer.optim.SgdConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real data: a small CNN trained on 2000 Fashion-MNIST images learns far beyond chance (10%). */
class FashionMnistTrainingTest {

    @Test
    void twoEpochsReduceTheLossAndBeatChanceOnHeldOutImages() throws IOException {
        ImageDataset train = TestNets.fashionMnist("train").firstImages(2000);
        ImageDataset test = TestNets.fashionMnist("test").firstImages(1000);
        List<BatchProgress> progress = new ArrayList<>();
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(7))) {
            TrainingResult result = TrainingRun.builder(model, train)
                    .epochs(2).batchSize(50).seed(7)
                    .optimizer(new SgdConfig(0.9, true, 5e-4))
                    .schedule(LearningRateSchedule.cosine(0.05, 2).withWarmup(0.2, 0.1))
                    .evaluateOn(test)
                    .listener(new TrainingListener() {
                        @Override
                        public void onBatch(BatchProgress batch) {
                            progress.add(batch);
                        }
                    })
                    .build().run();
            assertEquals(80, progress.size());
            double firstLosses = progress.subList(0, 10).stream().mapToDouble(BatchProgress::loss).average().orElseThrow();
            double lastLosses = progress.subList(70, 80).stream().mapToDouble(BatchProgress::loss).average().orElseThrow();
            assertTrue(lastLosses < 0.6 * firstLosses, "loss " + firstLosses + " -> " + lastLosses);
            assertTrue(result.epochs().get(1).loss() < result.epochs().get(0).loss());
            double accuracy = result.epochs().get(1).heldOut().orElseThrow().accuracy();
            assertTrue(accuracy > 0.7, "held-out accuracy " + accuracy);
            assertEquals(accuracy, result.finalAccuracy());
            assertTrue(progress.get(79).imagesPerSecond() > 0);
            // The written-back model evaluates the same in ONNX Runtime.
            float[] images = test.images(0, 100);
            Checks.assertClose(Checks.onnxRuntime(result.model(), images, 100).data(), model.predict(images, 100), 1e-4,
                    "ONNX Runtime vs trainer");
        }
    }
}
