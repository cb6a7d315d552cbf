package io.cardeck.trainer;

import io.cardeck.augmentation.Augmentation;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.trainer.graph.Parameter;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.LearningRateSchedule;
import io.cardeck.trainer.optim.OptimizerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Trains a model for a number of epochs: shuffled mini-batches with on-the-fly augmentation
 * prepared on background threads, a learning-rate schedule evaluated at every step, evaluation
 * on a held-out set after each epoch, progress to a listener, and a checkpoint after each epoch
 * from which an interrupted run resumes to the same final weights as an uninterrupted one.
 *
 * <pre>{@code
 * try (TorchModel model = TorchModel.compile(onnx)) {
 *     TrainingResult result = TrainingRun.builder(model, train)
 *             .epochs(30).batchSize(128).seed(1)
 *             .optimizer(new SgdConfig(0.9, true, 5e-4))
 *             .schedule(LearningRateSchedule.cosine(0.1, 30))
 *             .evaluateOn(test).checkpoints(directory)
 *             .build().run();
 * }
 * }</pre>
 *
 * The run trains the given model in place (masks set on its parameters apply) and does not close it.
 */
public final class TrainingRun {

    private final TorchModel model;
    private final ImageDataset train;
    private final ImageDataset evaluation;
    private final OptimizerConfig optimizer;
    private final LearningRateSchedule schedule;
    private final ClassificationLoss loss;
    private final Augmentation base;
    private final Augmentation augmentation;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final int loaderThreads;
    private final int evaluationBatchSize;
    private final CheckpointStore checkpoints;
    private final TrainingListener listener;

    private TrainingRun(Builder builder) {
        this.model = builder.model;
        this.train = builder.train;
        this.evaluation = builder.evaluation;
        this.optimizer = builder.optimizer;
        this.schedule = builder.schedule;
        this.loss = builder.loss;
        this.base = builder.base;
        this.augmentation = builder.augmentation;
        this.epochs = builder.epochs;
        this.batchSize = builder.batchSize;
        this.seed = builder.seed;
        this.loaderThreads = builder.loaderThreads;
        this.evaluationBatchSize = builder.evaluationBatchSize;
        this.checkpoints = builder.checkpoints;
        this.listener = builder.listener;
    }

    public static Builder builder(TorchModel model, ImageDataset train) {
        return new Builder(model, train);
    }

    /** What a checkpoint of this run records and a resume must match. */
    public TrainingSettings settings() {
        return new TrainingSettings(epochs, batchSize, seed, train.size(), optimizer.toString(), schedule.toString(),
                loss.toString(), (base == null ? "none" : base.name()) + "+" + (augmentation == null ? "none"
                        : augmentation.name()));
    }

    /**
     * Runs the remaining epochs: all of them, or those after the latest checkpoint in the
     * checkpoint directory.
     *
     * @throws IOException if a checkpoint cannot be read or written
     * @throws IllegalStateException if the checkpoint was made with other settings
     * @throws CancellationException if the thread is interrupted (the last checkpoint stays)
     */
    public TrainingResult run() throws IOException {
        List<EpochResult> history = new ArrayList<>();
        try (Trainer trainer = new Trainer(model, optimizer, loss);
             BatchLoader loader = new BatchLoader(train, batchSize, loss.views(), base, augmentation, seed, loaderThreads)) {
            int resumedAfter = 0;
            Optional<Checkpoint> checkpoint = checkpoints == null ? Optional.empty() : checkpoints.latest();
            if (checkpoint.isPresent()) {
                resumedAfter = restore(checkpoint.get(), trainer);
                history.addAll(checkpoint.get().history());
            }
            int batches = loader.batchesPerEpoch();
            listener.onStart(resumedAfter + 1, epochs, batches);
            long step = (long) resumedAfter * batches;
            for (int epoch = resumedAfter; epoch < epochs; epoch++) {
                EpochResult result = trainEpoch(trainer, loader, epoch, step);
                step += batches;
                history.add(result);
                if (checkpoints != null) {
                    checkpoints.save(new Checkpoint(epoch + 1, settings(), model.toOnnx(), trainer.optimizer().state(),
                            masks(), history));
                }
                listener.onEpoch(result);
            }
            return new TrainingResult(history, model.toOnnx(), resumedAfter);
        }
    }

    private int restore(Checkpoint checkpoint, Trainer trainer) {
        if (!checkpoint.settings().equals(settings())) {
            throw new IllegalStateException("the checkpoint in " + checkpoints.directory() + " was made with settings "
                    + checkpoint.settings() + "; this run has " + settings() + ". Resume with the same settings or use"
                    + " another checkpoint directory");
        }
        for (Parameter parameter : model.parameters()) {
            float[] mask = checkpoint.masks().get(parameter.name());
            if (mask == null) {
                parameter.clearMask();
            } else {
                parameter.setMask(mask);
            }
        }
        model.restoreWeights(checkpoint.model());
        trainer.optimizer().restore(checkpoint.optimizer());
        return checkpoint.epoch();
    }

    private Map<String, float[]> masks() {
        Map<String, float[]> masks = new LinkedHashMap<>();
        for (Parameter parameter : model.parameters()) {
            parameter.mask().ifPresent(mask -> masks.put(parameter.name(), mask));
        }
        return masks;
    }

    private EpochResult trainEpoch(Trainer trainer, BatchLoader loader, int epoch, long firstStep) {
        BatchLoader.EpochBatches batches = loader.epoch(epoch);
        int count = loader.batchesPerEpoch();
        long started = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        double learningRate = 0;
        long step = firstStep;
        for (int b = 0; b < count; b++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("training interrupted in epoch " + (epoch + 1)
                        + "; a new run resumes after the last checkpointed epoch");
            }
            Batch batch = batches.next();
            learningRate = schedule.rate(epoch + (double) b / count);
            StepResult result = trainer.step(batch, learningRate, Seeds.step(seed, step));
            if (!Double.isFinite(result.loss())) {
                throw new TrainingDivergedException(String.format(Locale.ROOT, "training diverged: the loss of step %d"
                        + " (epoch %d, batch %d of %d, learning rate %.3g) is %s, and the weights are no longer usable;"
                        + " lower the learning rate, or check that the model computes finite outputs", step + 1, epoch + 1,
                        b + 1, count, learningRate, result.loss()));
            }
            step++;
            lossSum += result.loss() * result.size();
            correct += result.correct();
            seen += result.size();
            double seconds = (System.nanoTime() - started) / 1e9;
            listener.onBatch(new BatchProgress(epoch + 1, epochs, b + 1, count, step, result.loss(),
                    (double) correct / seen, seen / seconds, learningRate));
            listener.afterStep(trainer, step);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Evaluation heldOut = evaluation == null ? null : trainer.evaluate(evaluation, evaluationBatchSize);
        return new EpochResult(epoch + 1, lossSum / seen, (double) correct / seen, heldOut, learningRate, seconds,
                seen / seconds);
    }

    /** Collects a run's parts; {@link #build()} checks them together. */
    public static final class Builder {

        private final TorchModel model;
        private final ImageDataset train;
        private ImageDataset evaluation;
        private OptimizerConfig optimizer;
        private LearningRateSchedule schedule;
        private ClassificationLoss loss = ClassificationLoss.crossEntropy();
        private Augmentation base;
        private Augmentation augmentation;
        private int epochs = 1;
        private int batchSize = 128;
        private long seed;
        private int loaderThreads = 1;
        private int evaluationBatchSize = 256;
        private CheckpointStore checkpoints;
        private TrainingListener listener = new TrainingListener() {
        };

        private Builder(TorchModel model, ImageDataset train) {
            this.model = Objects.requireNonNull(model, "model");
            this.train = Objects.requireNonNull(train, "train");
        }

        /** Required. */
        public Builder optimizer(OptimizerConfig optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** Required. */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** Default: plain cross-entropy. A loss with the consistency term trains on three views per image. */
        public Builder loss(ClassificationLoss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** Applied first to every training image, every view (e.g. random crop and flip). Default: none. */
        public Builder baseAugmentation(Augmentation base) {
            this.base = base;
            return this;
        }

        /**
         * Applied per training image after the base augmentation; with the consistency loss it makes
         * the two augmented views and the first view stays clean. Default: none.
         */
        public Builder augmentation(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Held-out set evaluated after each epoch. Default: none. */
        public Builder evaluateOn(ImageDataset evaluation) {
            this.evaluation = evaluation;
            return this;
        }

        /** Directory for checkpoints (created if needed; resumed from if it holds one). Default: none. */
        public Builder checkpoints(Path directory) {
            this.checkpoints = directory == null ? null : new CheckpointStore(directory);
            return this;
        }

        public Builder listener(TrainingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Default 1. */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Default 128. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Threads that prepare batches ahead of training; default 1, which hid AugMix on 28x28
         * images completely in a rough measurement (preparing an epoch took about a tenth of
         * training it). More help only when augmenting a batch takes longer than training on it.
         */
        public Builder loaderThreads(int threads) {
            this.loaderThreads = threads;
            return this;
        }

        /** Default 256. */
        public Builder evaluationBatchSize(int batchSize) {
            this.evaluationBatchSize = batchSize;
            return this;
        }

        /**
         * @throws IllegalArgumentException saying what is wrong: missing optimiser or schedule, bad
         *     counts, datasets that do not fit the model's input or each other
         */
        public TrainingRun build() {
            if (optimizer == null || schedule == null) {
                throw new IllegalArgumentException("a training run needs an optimizer and a learning-rate schedule");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException("batch size must be >= 2, got " + batchSize);
            }
            if (loaderThreads < 1) {
                throw new IllegalArgumentException("loader threads must be >= 1, got " + loaderThreads);
            }
            if (evaluationBatchSize < 1) {
                throw new IllegalArgumentException("evaluation batch size must be >= 1, got " + evaluationBatchSize);
            }
            if (loss.views() > 1 && augmentation == null) {
                throw new IllegalArgumentException("the consistency loss compares augmented views; set an augmentation");
            }
            checkFits(train);
            if (evaluation != null) {
                checkFits(evaluation);
                if (!evaluation.classNames().equals(train.classNames())) {
                    throw new IllegalArgumentException("evaluation set " + evaluation.name() + " has classes "
                            + evaluation.classNames() + "; the training set " + train.name() + " has "
                            + train.classNames());
                }
            }
            return new TrainingRun(this);
        }

        private void checkFits(ImageDataset data) {
            long[] sample = model.sampleShape().orElseThrow(() -> new IllegalArgumentException(
                    model.source().sourceName() + ": a training run needs a model with one input [batch, C, H, W]"));
            ImageShape shape = data.shape();
            long[] expected = {shape.channels(), shape.height(), shape.width()};
            if (!Arrays.equals(sample, expected)) {
                throw new IllegalArgumentException(data.name() + " has images " + shape + " but "
                        + model.source().sourceName() + " takes " + Arrays.toString(sample));
            }
        }
    }
}
