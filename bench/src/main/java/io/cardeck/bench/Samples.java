package io.cardeck.bench;

import java.util.Arrays;

/**
 * Repeated measurements of one quantity (one per round). The median is what the tables report: on
 * noisy shared machines it ignores the odd round that lost its core to another process.
 */
public final class Samples {

    private final double[] values;

    private Samples(double[] values) {
        this.values = values;
    }

    public static Samples of(double... measured) {
        if (measured.length == 0) {
            throw new IllegalArgumentException("at least one measurement is needed");
        }
        for (double value : measured) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("measurement " + value + " is not a finite number");
            }
        }
        return new Samples(measured.clone());
    }

    /** The median of {@code measured}, or NaN when any of them is NaN (a quantity that could not be measured). */
    public static double medianOrNaN(double... measured) {
        for (double value : measured) {
            if (Double.isNaN(value)) {
                return Double.NaN;
            }
        }
        return of(measured).median();
    }

    public double[] values() {
        return values.clone();
    }

    public int count() {
        return values.length;
    }

    public double median() {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public double min() {
        return Arrays.stream(values).min().orElseThrow();
    }

    public double max() {
        return Arrays.stream(values).max().orElseThrow();
    }

    /** (max - min) / median: 0.1 means the rounds spread over 10% of the median. */
    public double spread() {
        return (max() - min()) / median();
    }

    /** Element-wise {@code this[i] / denominator[i]}: the ratio of two quantities measured in the same rounds. */
    public Samples over(Samples denominator) {
        if (denominator.values.length != values.length) {
            throw new IllegalArgumentException(values.length + " measurements over " + denominator.values.length
                    + "; a ratio needs one of each per round");
        }
        double[] ratios = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            ratios[i] = values[i] / denominator.values[i];
        }
        return of(ratios);
    }

    /** The harmonic mean: the rate of doing equal work at each of the measured rates, one after another. */
    public double harmonicMean() {
        double inverseSum = 0;
        for (double value : values) {
            if (value <= 0) {
                throw new IllegalArgumentException("the harmonic mean needs positive rates, got " + value);
            }
            inverseSum += 1 / value;
        }
        return values.length / inverseSum;
    }
}
