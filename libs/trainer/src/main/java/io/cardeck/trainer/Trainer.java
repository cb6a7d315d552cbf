package io.cardeck.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.cardeck.data.ImageDataset;
import io.cardeck.trainer.engine.Autograd;
import io.cardeck.trainer.engine.GradMode;
import io.cardeck.trainer.engine.StepScope;
import io.cardeck.trainer.graph.Parameter;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.Optimizer;
import io.cardeck.trainer.optim.OptimizerConfig;
import java.util.Objects;

/**
 * Trains a {@link TorchModel} step by step: forward in training mode, loss, backward, optimiser
 * update with masks. Between steps callers may read gradients and change values or masks
 * (pruning methods do). Owns its optimiser, not the model. Not thread-safe.
 */
public final class Trainer implements AutoCloseable {

    private final TorchModel model;
    private final Optimizer optimizer;
    private final ClassificationLoss loss;

    public Trainer(TorchModel model, OptimizerConfig optimizer, ClassificationLoss loss) {
        this.model = Objects.requireNonNull(model, "model");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = optimizer.create(model.parameters());
    }

    public TorchModel model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public ClassificationLoss loss() {
        return loss;
    }

    /**
     * One training step on {@code batch} with {@code learningRate}; afterwards every parameter's
     * {@link Parameter#gradient()} is this step's dense gradient.
     *
     * @param seed seeds the step's dropout masks
     */
    public StepResult step(Batch batch, double learningRate, long seed) {
        try (StepScope scope = model.openScope()) {
            StepResult result = backward(scope, batch, true, seed);
            optimizer.update(scope, learningRate);
            return result;
        }
    }

    /**
     * Computes the gradients of the loss on {@code batch} without changing anything: inference
     * mode (running statistics, no dropout), no update. Read them with {@link Parameter#gradient()}.
     */
    public StepResult computeGradients(Batch batch) {
        try (StepScope scope = model.openScope()) {
            return backward(scope, batch, false, 0);
        }
    }

    private StepResult backward(StepScope scope, Batch batch, boolean training, long seed) {
        if (batch.views() != loss.views()) {
            throw new IllegalArgumentException("the batch holds " + batch.views() + " view(s) per example; the loss "
                    + loss + " needs " + loss.views());
        }
        try (GradMode on = GradMode.enabled()) {
            for (Parameter parameter : model.parameters()) {
                Autograd.zeroGradient(parameter.array());
            }
            NDArray input = model.createInput(scope, batch.images(), batch.rows());
            NDArray logits = model.forward(scope, input, training, seed);
            NDArray labels = labels(scope, batch.labels(), batch.size(), logits);
            NDArray value = loss.compute(logits, labels);
            Autograd.backward(value);
            return new StepResult(value.toType(DataType.FLOAT64, false).getDouble(),
                    correct(logits, batch.labels(), batch.size()), batch.size());
        }
    }

    /**
     * Accuracy and mean cross-entropy on {@code data} in inference mode, in batches of
     * {@code batchSize}; changes nothing.
     */
    public Evaluation evaluate(ImageDataset data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("evaluation batch size must be >= 1, got " + batchSize);
        }
        int imageSize = data.shape().size();
        float[] images = new float[Math.min(batchSize, data.size()) * imageSize];
        int[] labels = new int[Math.min(batchSize, data.size())];
        int correct = 0;
        double lossSum = 0;
        ClassificationLoss plain = ClassificationLoss.crossEntropy();
        for (int from = 0; from < data.size(); from += batchSize) {
            int count = Math.min(batchSize, data.size() - from);
            for (int i = 0; i < count; i++) {
                data.readImage(from + i, images, i * imageSize);
                labels[i] = data.label(from + i);
            }
            try (StepScope scope = model.openScope(); GradMode off = GradMode.disabled()) {
                NDArray logits = model.forward(scope, model.createInput(scope, images, count), false, 0);
                NDArray value = plain.compute(logits, labels(scope, labels, count, logits));
                lossSum += value.toType(DataType.FLOAT64, false).getDouble() * count;
                correct += correct(logits, labels, count);
            }
        }
        return new Evaluation(data.size(), correct, data.size() == 0 ? 0 : lossSum / data.size());
    }

    private static NDArray labels(StepScope scope, int[] labels, int size, NDArray logits) {
        if (logits.getShape().dimension() != 2) {
            throw new IllegalArgumentException("the model's output has shape " + logits.getShape()
                    + "; a classifier outputs logits [batch, classes]");
        }
        long classes = logits.getShape().get(1);
        long[] values = new long[size];
        for (int i = 0; i < size; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside the model's "
                        + classes + " classes");
            }
            values[i] = labels[i];
        }
        return scope.manager().create(values);
    }

    /** Correct top-1 predictions of the first {@code size} rows (the clean view). */
    private static int correct(NDArray logits, int[] labels, int size) {
        int classes = Math.toIntExact(logits.getShape().get(1));
        float[] values = logits.getDataType() == DataType.FLOAT32 ? logits.toFloatArray()
                : logits.toType(DataType.FLOAT32, false).toFloatArray();
        int correct = 0;
        for (int row = 0; row < size; row++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (values[row * classes + c] > values[row * classes + best]) {
                    best = c;
                }
            }
            if (best == labels[row]) {
                correct++;
            }
        }
        return correct;
    }

    @Override
    public void close() {
        optimizer.close();
    }

    @Override
    public String toString() {
        return "Trainer[" + model + ", " + optimizer.name() + ", " + loss + "]";
    }
}
