package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.trainer.graph.Parameter;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.LearningRateSchedule;
import io.cardeck.trainer.optim.SgdConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted after an epoch and resumed from its checkpoint ends with exactly the weights,
 * running statistics and history of an uninterrupted run: dropout, augmentation, shuffling,
 * momentum and masks included.
 */
class CheckpointResumeTest {

    private static final ImageDataset TRAIN = TestNets.fashionMnist("train").firstImages(96);
    private static final ImageDataset TEST = TestNets.fashionMnist("test").firstImages(40);

    private static TrainingRun.Builder run(TorchModel model, Path checkpoints, long seed) {
        return TrainingRun.builder(model, TRAIN)
                .epochs(3).batchSize(32).seed(seed).loaderThreads(2)
                .optimizer(new SgdConfig(0.9, true, 1e-3))
                .schedule(LearningRateSchedule.cosine(0.05, 3))
                .augmentation(new NoiseAugmentation(0.1f))
                .evaluateOn(TEST)
                .checkpoints(checkpoints);
    }

    private static TorchModel maskedModel() {
        TorchModel model = TorchModel.compile(TestNets.smallCnn(5));
        Parameter fc = model.parameter("fc.weight");
        float[] mask = new float[fc.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = i % 3 == 0 ? 0 : 1;
        }
        fc.setMask(mask);
        return model;
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path directory) throws IOException {
        TrainingResult uninterrupted;
        try (TorchModel model = maskedModel()) {
            uninterrupted = run(model, directory.resolve("a"), 11).build().run();
        }
        Path interrupted = directory.resolve("b");
        try (TorchModel model = maskedModel()) {
            RuntimeException stop = assertThrows(RuntimeException.class, () -> run(model, interrupted, 11)
                    .listener(new TrainingListener() {
                        @Override
                        public void onEpoch(EpochResult result) {
                            throw new IllegalStateException("killed after epoch " + result.epoch());
                        }
                    }).build().run());
            assertEquals("killed after epoch 1", stop.getMessage());
        }
        List<Integer> started = new ArrayList<>();
        TrainingResult resumed;
        // A fresh model without masks: the checkpoint brings weights, statistics, masks and momentum back.
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(5))) {
            resumed = run(model, interrupted, 11).listener(new TrainingListener() {
                @Override
                public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
                    started.add(firstEpoch);
                }
            }).build().run();
            assertTrue(model.parameter("fc.weight").hasMask());
        }
        assertEquals(List.of(2), started);
        assertEquals(1, resumed.resumedAfter());
        assertEquals(uninterrupted.model(), resumed.model(), "final weights and running statistics");
        assertEquals(uninterrupted.epochs().stream().map(EpochResult::loss).toList(),
                resumed.epochs().stream().map(EpochResult::loss).toList());
        assertEquals(uninterrupted.epochs().get(2).evaluation(), resumed.epochs().get(2).evaluation());
        OnnxModel original = TestNets.smallCnn(5);
        assertFalse(original.equals(resumed.model()), "training changed the model");
        float[] fc = resumed.model().graph().floatInitializer("fc.weight").data();
        for (int i = 0; i < fc.length; i += 3) {
            assertEquals(0f, fc[i], "masked weight " + i);
        }
    }

    @Test
    void aDifferentSeedDoesNotResumeAnotherRunsCheckpoint(@TempDir Path directory) throws IOException {
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(5))) {
            run(model, directory, 1).epochs(1).schedule(LearningRateSchedule.constant(0.01)).build().run();
        }
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(5))) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> run(model, directory, 2)
                    .epochs(1).schedule(LearningRateSchedule.constant(0.01)).build().run());
            assertTrue(error.getMessage().contains("seed=1") && error.getMessage().contains("seed=2"), error.getMessage());
        }
    }

    @Test
    void aFinishedRunResumesToItsResultWithoutTraining(@TempDir Path directory) throws IOException {
        TrainingResult first;
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(5))) {
            first = run(model, directory, 3).epochs(1).schedule(LearningRateSchedule.constant(0.01)).build().run();
        }
        try (TorchModel model = TorchModel.compile(TestNets.smallCnn(5))) {
            List<BatchProgress> batches = new ArrayList<>();
            TrainingResult again = run(model, directory, 3).epochs(1).schedule(LearningRateSchedule.constant(0.01))
                    .listener(new TrainingListener() {
                        @Override
                        public void onBatch(BatchProgress progress) {
                            batches.add(progress);
                        }
                    }).build().run();
            assertEquals(first.model(), again.model());
            assertTrue(batches.isEmpty());
            assertEquals(1, again.resumedAfter());
        }
        try (var entries = Files.list(directory)) {
            assertEquals(List.of("epoch-0001", "latest"), entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
