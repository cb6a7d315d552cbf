package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.Uint8ImageDataset;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.LearningRateSchedule;
import io.cardeck.trainer.optim.SgdConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's parts are checked together before anything trains. */
class TrainingRunTest {

    private static final ImageDataset TRAIN = TestNets.fashionMnist("train").firstImages(64);

    private static TrainingRun.Builder valid(TorchModel model) {
        return TrainingRun.builder(model, TRAIN).optimizer(SgdConfig.plain()).schedule(LearningRateSchedule.constant(0.1));
    }

    private static void assertRejected(String expected, Runnable build) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @Test
    void incompleteOrInconsistentRunsAreRejected() {
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(1))) {
            assertRejected("needs an optimizer and a learning-rate schedule",
                    () -> TrainingRun.builder(model, TRAIN).optimizer(SgdConfig.plain()).build());
            assertRejected("epochs must be >= 1", () -> valid(model).epochs(0).build());
            assertRejected("batch size must be >= 2", () -> valid(model).batchSize(1).build());
            assertRejected("loader threads must be >= 1", () -> valid(model).loaderThreads(0).build());
            assertRejected("set an augmentation",
                    () -> valid(model).loss(ClassificationLoss.crossEntropy().withConsistency(12)).build());
            Uint8ImageDataset small = Uint8ImageDataset.ofPixels("tiny", new ImageShape(1, 2, 2), PixelLayout.CHW,
                    new byte[8], new int[] {0, 1}, TRAIN.classNames());
            assertRejected("tiny has images 1x2x2 but small-cnn takes [1, 28, 28]",
                    () -> TrainingRun.builder(model, small).optimizer(SgdConfig.plain())
                            .schedule(LearningRateSchedule.constant(0.1)).build());
            Uint8ImageDataset otherClasses = Uint8ImageDataset.ofPixels("digits", new ImageShape(1, 28, 28),
                    PixelLayout.CHW, new byte[784], new int[] {0}, List.of("zero"));
            assertRejected("has classes [zero]", () -> valid(model).evaluateOn(otherClasses).build());
        }
    }

    @Test
    void batchesWithoutEnoughLabelsOrViewsAreRejected() {
        assertRejected("a batch of 3 examples needs as many labels, got 2", () -> new Batch(new float[10], new int[2], 3, 1));
        assertRejected("views must be >= 1", () -> new Batch(new float[10], new int[2], 2, 0));
        assertRejected("a batch of 0 examples", () -> new Batch(new float[10], new int[0], 0, 1));
    }

    @Test
    void aRunWhoseLossIsNoLongerFiniteStopsAtThatStep() {
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(1))) {
            TrainingRun run = valid(model).schedule(LearningRateSchedule.constant(1e30)).batchSize(8).epochs(3).build();
            TrainingDivergedException error = assertThrows(TrainingDivergedException.class, run::run);
            assertTrue(error.getMessage().startsWith("training diverged: the loss of step "), error.getMessage());
            assertTrue(error.getMessage().contains("lower the learning rate"), error.getMessage());
        }
    }

    @Test
    void labelsBeyondTheModelsClassesAreRejected() {
        Uint8ImageDataset eleven = Uint8ImageDataset.ofPixels("eleven", new ImageShape(1, 28, 28), PixelLayout.CHW,
                new byte[2 * 784], new int[] {10, 3}, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"));
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(1));
             Trainer trainer = new Trainer(model, SgdConfig.plain(), ClassificationLoss.crossEntropy())) {
            assertRejected("label 10 of example 0 is outside the model's 10 classes", () -> trainer.evaluate(eleven, 2));
        }
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(1));
             Trainer consistency = new Trainer(model, SgdConfig.plain(),
                     ClassificationLoss.crossEntropy().withConsistency(12))) {
            assertRejected("needs 3", () -> consistency.step(Batch.of(new float[784 * 2], new int[] {0, 1}), 0.1, 0));
        }
    }
}
