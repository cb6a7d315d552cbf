package io.cardeck.metrics;

import java.util.List;

/**
 * Streams batches of predictions (logits or probabilities) and labels into accuracy, mean
 * negative log-likelihood and expected calibration error (ECE, Guo et al. 2017: confidence is the
 * maximum softmax probability, bin b holds confidences in (b/15, (b+1)/15], confidence 0 goes to
 * the first bin); ties predict the lowest class index. A batch is validated whole before it is
 * scored, so a rejected batch leaves the accumulator unchanged. Not thread-safe: score batches
 * in parallel with one accumulator per thread and {@link #merge} them.
 */
public final class ClassificationAccumulator {

    public static final int CALIBRATION_BINS = 15;

    /**
     * Probabilities are floored here before the log, so that one saturated wrong prediction gives a
     * large finite loss (27.6) instead of infinity, which would swamp the mean and is not valid JSON.
     */
    static final double PROBABILITY_FLOOR = 1e-12;

    /** Float softmax outputs over many classes do not sum to exactly 1; this much slack is accepted. */
    static final double PROBABILITY_SUM_TOLERANCE = 1e-3;

    private final int classes;
    private long count;
    private long correct;
    private double negativeLogLikelihoodSum;
    private final long[] binCount = new long[CALIBRATION_BINS];
    private final long[] binCorrect = new long[CALIBRATION_BINS];
    private final double[] binConfidenceSum = new double[CALIBRATION_BINS];

    public ClassificationAccumulator(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
    }

    public int classes() {
        return classes;
    }

    /** Number of predictions scored so far. */
    public long count() {
        return count;
    }

    /** Scores {@code labels.length} rows of logits stored row-major as {@code rows x classes}. */
    public void addLogits(float[] logits, int[] labels) {
        checkBatch(logits.length, labels, "logits");
        Softmax.checkFinite(logits, classes);
        for (int row = 0; row < labels.length; row++) {
            int start = row * classes;
            int end = start + classes;
            double max = Softmax.rowMaximum(logits, start, end);
            double sum = 0;
            int predicted = -1;
            for (int i = start; i < end; i++) {
                double v = logits[i];
                if (predicted < 0 && v == max) {
                    predicted = i - start;
                }
                sum += Math.exp(v - max);
            }
            int label = labels[row];
            // -log softmax_y = log(sum_j exp(l_j - max)) - (l_y - max): no tiny probability is formed and then logged
            double negativeLogLikelihood = Math.log(sum) - (logits[start + label] - max);
            record(predicted == label, 1.0 / sum, negativeLogLikelihood);
        }
    }

    /**
     * Scores {@code labels.length} rows of class probabilities stored row-major as
     * {@code rows x classes}; each value must be in [0, 1] and each row must sum to 1 within
     * {@value #PROBABILITY_SUM_TOLERANCE}.
     */
    public void addProbabilities(float[] probabilities, int[] labels) {
        checkBatch(probabilities.length, labels, "probabilities");
        checkProbabilities(probabilities);
        for (int row = 0; row < labels.length; row++) {
            int start = row * classes;
            int end = start + classes;
            double max = -1;
            int predicted = -1;
            for (int i = start; i < end; i++) {
                if (probabilities[i] > max) {
                    max = probabilities[i];
                    predicted = i - start;
                }
            }
            int label = labels[row];
            double negativeLogLikelihood = -Math.log(Math.max(probabilities[start + label], PROBABILITY_FLOOR));
            record(predicted == label, max, negativeLogLikelihood);
        }
    }

    /** Adds everything {@code other} has scored into this accumulator; {@code other} is unchanged. */
    public void merge(ClassificationAccumulator other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException(
                    "cannot merge an accumulator of " + other.classes + " classes into one of " + classes);
        }
        count += other.count;
        correct += other.correct;
        negativeLogLikelihoodSum += other.negativeLogLikelihoodSum;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            binCount[b] += other.binCount[b];
            binCorrect[b] += other.binCorrect[b];
            binConfidenceSum[b] += other.binConfidenceSum[b];
        }
    }

    /** The scores so far. */
    public ClassificationMetrics result() {
        if (count == 0) {
            throw new IllegalStateException("no predictions scored yet: add at least one batch before asking for metrics");
        }
        CalibrationBin[] bins = new CalibrationBin[CALIBRATION_BINS];
        double calibrationGap = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            long n = binCount[b];
            bins[b] = new CalibrationBin(b, binEdge(b), binEdge(b + 1), n, binCorrect[b],
                    n == 0 ? 0 : (double) binCorrect[b] / n, n == 0 ? 0 : binConfidenceSum[b] / n);
            // |B_b|/n * |acc_b - conf_b| = |correct_b - confidenceSum_b| / n
            calibrationGap += Math.abs(binCorrect[b] - binConfidenceSum[b]);
        }
        return new ClassificationMetrics(count, correct, (double) correct / count, negativeLogLikelihoodSum / count,
                calibrationGap / count, List.of(bins));
    }

    /** Index of the bin holding {@code confidence}: bin b covers (b/15, (b+1)/15], and 0 is in bin 0. */
    static int calibrationBin(double confidence) {
        int bin = Math.min(CALIBRATION_BINS - 1, Math.max(0, (int) Math.ceil(confidence * CALIBRATION_BINS) - 1));
        // confidence * 15 may round across an edge; compare with the edges themselves
        if (bin > 0 && confidence <= binEdge(bin)) {
            bin--;
        } else if (bin < CALIBRATION_BINS - 1 && confidence > binEdge(bin + 1)) {
            bin++;
        }
        return bin;
    }

    private static double binEdge(int index) {
        return (double) index / CALIBRATION_BINS;
    }

    private void record(boolean isCorrect, double confidence, double negativeLogLikelihood) {
        int bin = calibrationBin(confidence);
        count++;
        binCount[bin]++;
        binConfidenceSum[bin] += confidence;
        negativeLogLikelihoodSum += negativeLogLikelihood;
        if (isCorrect) {
            correct++;
            binCorrect[bin]++;
        }
    }

    private void checkProbabilities(float[] probabilities) {
        for (int start = 0; start < probabilities.length; start += classes) {
            double sum = 0;
            for (int i = start; i < start + classes; i++) {
                float p = probabilities[i];
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("probability of row " + start / classes + ", class " + (i - start)
                            + " is " + p + "; probabilities must be in [0, 1]");
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
                throw new IllegalArgumentException("probabilities of row " + start / classes + " sum to " + sum
                        + "; each row must sum to 1 within " + PROBABILITY_SUM_TOLERANCE);
            }
        }
    }

    private void checkBatch(int values, int[] labels, String what) {
        if ((long) labels.length * classes != values) {
            throw new IllegalArgumentException(values + " " + what + " for " + labels.length + " labels; expected "
                    + labels.length + " x " + classes + " classes = " + (long) labels.length * classes);
        }
        for (int row = 0; row < labels.length; row++) {
            if (labels[row] < 0 || labels[row] >= classes) {
                throw new IllegalArgumentException(
                        "label of row " + row + " is " + labels[row] + "; labels must be in [0, " + (classes - 1) + "]");
            }
        }
    }
}
