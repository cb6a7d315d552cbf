package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.augmentation.AugMix;
import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.data.ImageDataset;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.LearningRateSchedule;
import io.cardeck.trainer.optim.SgdConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AugMix training as in its paper: crop and flip for every view, two AugMix views per image, and
 * the Jensen-Shannon consistency loss, with cardeck's own augmentation library.
 */
class AugMixConsistencyTrainingTest {

    @Test
    void trainsOnThreeViewsWithTheConsistencyLoss() throws IOException {
        ImageDataset train = TestNets.fashionMnist("train").firstImages(96);
        List<Double> losses = new ArrayList<>();
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(3))) {
            TrainingRun run = TrainingRun.builder(model, train)
                    .epochs(1).batchSize(24).seed(5)
                    .optimizer(new SgdConfig(0.9, false, 5e-4))
                    .schedule(LearningRateSchedule.constant(0.02))
                    .baseAugmentation(TrainingDomains.byName(TrainingDomains.STANDARD))
                    .augmentation(new AugMix())
                    .loss(ClassificationLoss.crossEntropy().withConsistency(ClassificationLoss.AUGMIX_CONSISTENCY_WEIGHT))
                    .listener(new TrainingListener() {
                        @Override
                        public void onBatch(BatchProgress progress) {
                            losses.add(progress.loss());
                        }
                    })
                    .build();
            assertEquals("standard+augmix", run.settings().augmentation());
            TrainingResult result = run.run();
            assertEquals(4, losses.size());
            assertTrue(losses.stream().allMatch(loss -> Double.isFinite(loss) && loss > 0), losses.toString());
            assertEquals(1, result.epochs().size());
        }
    }
}
