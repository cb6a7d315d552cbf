package io.cardeck.zoo;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-channel input normalisation that a zoo model applies inside its graph, so that it takes
 * pixels in [0, 1]: {@code (x - mean[c]) / std[c]}.
 *
 * @param mean one value per channel, finite
 * @param std one value per channel, finite and positive
 */
public record Normalization(float[] mean, float[] std) {

    /** Fashion-MNIST training-set statistics (the default dataset). */
    public static final Normalization FASHION_MNIST = new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

    /** CIFAR-10 training-set statistics (per-pixel standard deviation per channel). */
    public static final Normalization CIFAR10 = new Normalization(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    public Normalization {
        Objects.requireNonNull(mean, "normalisation mean");
        Objects.requireNonNull(std, "normalisation std");
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalisation needs one mean and one std per channel, got "
                    + mean.length + " mean(s) and " + std.length + " std(s)");
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("normalisation mean of channel " + c + " is " + mean[c]
                        + "; it must be a finite number");
            }
            if (!Float.isFinite(std[c]) || std[c] <= 0) {
                throw new IllegalArgumentException("normalisation std of channel " + c + " is " + std[c]
                        + "; it must be a finite number > 0 (the graph divides by it)");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The default for a dataset shape: Fashion-MNIST statistics for gray images, CIFAR-10 for RGB. */
    public static Normalization defaultFor(int channels) {
        return switch (channels) {
            case 1 -> FASHION_MNIST;
            case 3 -> CIFAR10;
            default -> throw new IllegalArgumentException("no default normalisation for " + channels
                    + " channels; defaults exist for 1 (Fashion-MNIST) and 3 (CIFAR-10)");
        };
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Normalization that && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
