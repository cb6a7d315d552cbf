package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What every corruption shares: its identity, the validation of {@link #apply}'s arguments and a
 * fresh output array, so that each subclass only writes its formula into {@link #corrupt}.
 */
abstract class AbstractCorruption implements Corruption {

    /** The image side that the published severity parameters are tuned for (CIFAR-10). */
    static final double REFERENCE_SIDE = 32.0;

    private final String name;
    private final boolean standard;
    private final List<String> severityParameters;

    AbstractCorruption(String name, boolean standard, List<String> severityParameters) {
        if (severityParameters.size() != MAX_SEVERITY) {
            throw new IllegalArgumentException(name + " needs parameters for " + MAX_SEVERITY + " severities");
        }
        this.name = name;
        this.standard = standard;
        this.severityParameters = List.copyOf(severityParameters);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean standard() {
        return standard;
    }

    @Override
    public final List<String> severityParameters() {
        return severityParameters;
    }

    @Override
    public final float[] apply(float[] image, ImageShape shape, int severity, SplittableRandom random) {
        Objects.requireNonNull(image, () -> name + ": image is null");
        Objects.requireNonNull(shape, () -> name + ": shape is null");
        Objects.requireNonNull(random, () -> name + ": random is null");
        if (severity < MIN_SEVERITY || severity > MAX_SEVERITY) {
            throw new IllegalArgumentException(
                    name + ": severity must be " + MIN_SEVERITY + ".." + MAX_SEVERITY + ", got " + severity);
        }
        if (image.length != shape.size()) {
            throw new IllegalArgumentException(name + ": image has " + image.length + " values but shape " + shape
                    + " (CHW) needs " + shape.size());
        }
        for (int i = 0; i < image.length; i++) {
            if (!(image[i] >= 0f && image[i] <= 1f)) {
                throw new IllegalArgumentException(
                        name + ": image value " + image[i] + " at index " + i + " is outside [0, 1]");
            }
        }
        float[] out = new float[image.length];
        corrupt(image, shape, severity, random, out);
        return out;
    }

    /** Writes the corrupted {@code image} (valid, values in [0, 1]) to {@code out}, clipped to [0, 1]. */
    abstract void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out);

    @Override
    public String toString() {
        return name;
    }

    /** Factor for pixel-sized parameters: the image's smaller side over 32. */
    static double sizeScale(ImageShape shape) {
        return Math.min(shape.height(), shape.width()) / REFERENCE_SIDE;
    }

    /** "name=value" for each severity of a one-parameter corruption. */
    static List<String> describe(String parameter, double[] values) {
        return Arrays.stream(values).mapToObj(v -> parameter + "=" + number(v)).toList();
    }

    /** A parameter as the generator writes it: 0.04, 500 (no trailing zeros). */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static float clip(double v) {
        return (float) Math.min(1.0, Math.max(0.0, v));
    }

    /** Clips every value to [0, 1], e.g. the float rounding of a filter that averages values in [0, 1]. */
    static void clipAll(float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = clip(values[i]);
        }
    }
}
