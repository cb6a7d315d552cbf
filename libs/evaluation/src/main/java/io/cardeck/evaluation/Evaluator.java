package io.cardeck.evaluation;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.metrics.ClassificationAccumulator;
import io.cardeck.metrics.ClassificationMetrics;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.metrics.RobustnessResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;

/**
 * Evaluates a classifier on clean images and on every cell of a corruption suite. Images stream in
 * batches: the next batch is decoded on a second thread while the classifier runs the current one,
 * so memory stays at two batches whatever the suite's size.
 */
public final class Evaluator {

    private final BatchClassifier classifier;
    private final EvaluationOptions options;

    public Evaluator(BatchClassifier classifier, EvaluationOptions options) {
        this.classifier = classifier;
        this.options = options;
    }

    /** Images {@link #evaluate} will classify: for progress bars. */
    public long plannedImages(ImageDataset clean, CorruptionSuite suite) {
        long images = options.samplesOf(clean.size());
        if (suite != null) {
            images += (long) suite.corruptions().size() * CorruptionCell.MAX_SEVERITY * options.samplesOf(suite.imagesPerSeverity());
        }
        return images;
    }

    /**
     * Evaluates on {@code clean} and, when {@code suite} is not null, on each of its cells; the robust
     * accuracy averages {@code standardCorruptions}. {@code progress} receives images done.
     *
     * @throws IllegalArgumentException when shapes or classes of the model, the clean set and the suite disagree
     */
    public EvaluationReport evaluate(ImageDataset clean, CorruptionSuite suite, List<String> standardCorruptions,
                                     LongConsumer progress) {
        checkCompatible(clean, suite);
        long started = System.nanoTime();
        EvaluationPlan plan = suite == null ? EvaluationPlan.cleanOnly() : EvaluationPlan.of(suite);
        ExecutorService decoder = decoder();
        try {
            ClassificationMetrics cleanMetrics = null;
            ClassificationAccumulator allCorrupted = new ClassificationAccumulator(clean.classNames().size());
            List<CorruptionCell> cells = new ArrayList<>();
            for (Cell cell : plan.cells()) {
                ClassificationAccumulator scores = score(images(cell, clean, suite), decoder, progress);
                if (cell.isClean()) {
                    cleanMetrics = scores.result();
                } else {
                    ClassificationMetrics metrics = scores.result();
                    cells.add(new CorruptionCell(cell.corruption(), cell.severity(), metrics.count(), metrics.accuracy()));
                    allCorrupted.merge(scores);
                }
            }
            long images = cleanMetrics.count() + allCorrupted.count();
            ClassificationMetrics corruptedMetrics = suite == null ? null : allCorrupted.result();
            RobustnessResult robustness = suite == null ? null : plan.robustness(cleanMetrics, cells, standardCorruptions);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new EvaluationReport(cleanMetrics, corruptedMetrics, robustness, images, seconds, images / seconds);
        } finally {
            decoder.shutdownNow();
        }
    }

    /**
     * Evaluates one cell of the plan of {@code suite}: the clean images, or one corruption at one
     * severity, exactly as {@link #evaluate} scores it within a whole run. {@code progress} receives
     * images done.
     *
     * @throws IllegalArgumentException when shapes or classes disagree, or the suite has no such cell
     */
    public ClassificationMetrics evaluate(Cell cell, ImageDataset clean, CorruptionSuite suite, LongConsumer progress) {
        checkCompatible(clean, suite);
        if (!cell.isClean() && (suite == null || !suite.corruptions().contains(cell.corruption()))) {
            throw new IllegalArgumentException("cell " + cell.key() + " is not in "
                    + (suite == null ? "an evaluation without a suite" : "the suite " + suite.directory()
                    + ", which has " + suite.corruptions()));
        }
        ExecutorService decoder = decoder();
        try {
            return score(images(cell, clean, suite), decoder, progress).result();
        } finally {
            decoder.shutdownNow();
        }
    }

    private static ImageDataset images(Cell cell, ImageDataset clean, CorruptionSuite suite) {
        return cell.isClean() ? clean : suite.cell(cell.corruption(), cell.severity());
    }

    private static ExecutorService decoder() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cardeck-batch-decoder");
            thread.setDaemon(true);
            return thread;
        });
    }

    private record Batch(float[] images, int[] labels, int count) {}

    private ClassificationAccumulator score(ImageDataset dataset, ExecutorService decoder, LongConsumer progress) {
        int classes = dataset.classNames().size();
        ClassificationAccumulator scores = new ClassificationAccumulator(classes);
        int total = options.samplesOf(dataset.size());
        if (total == 0) {
            throw new IllegalArgumentException(dataset.name() + " holds no images to evaluate");
        }
        int batchSize = options.batchSize();
        CompletableFuture<Batch> next = decode(dataset, 0, Math.min(batchSize, total), decoder);
        for (int from = 0; from < total; from += batchSize) {
            Batch batch = next.join();
            int following = from + batch.count();
            if (following < total) {
                next = decode(dataset, following, Math.min(batchSize, total - following), decoder);
            }
            float[] logits = classifier.logits(batch.images(), batch.count());
            if (logits.length != (long) batch.count() * classes) {
                throw new IllegalArgumentException("the model gives " + logits.length / Math.max(1, batch.count())
                        + " outputs per image but " + dataset.name() + " has " + classes + " classes");
            }
            scores.addLogits(logits, batch.labels());
            progress.accept(batch.count());
        }
        return scores;
    }

    private static CompletableFuture<Batch> decode(ImageDataset dataset, int from, int count, ExecutorService decoder) {
        return CompletableFuture.supplyAsync(
                () -> new Batch(dataset.images(from, count), dataset.labels(from, count), count), decoder);
    }

    private void checkCompatible(ImageDataset clean, CorruptionSuite suite) {
        ImageShape model = classifier.inputShape();
        if (!model.equals(clean.shape())) {
            throw new IllegalArgumentException("the model takes images of " + model + " (CxHxW) but " + clean.name()
                    + " has " + clean.shape());
        }
        if (suite != null) {
            if (!suite.shape().equals(clean.shape())) {
                throw new IllegalArgumentException("the suite " + suite.directory() + " holds images of " + suite.shape()
                        + " but " + clean.name() + " has " + clean.shape());
            }
            if (suite.classNames().size() != clean.classNames().size()) {
                throw new IllegalArgumentException("the suite " + suite.directory() + " has " + suite.classNames().size()
                        + " classes but " + clean.name() + " has " + clean.classNames().size());
            }
        }
    }
}
