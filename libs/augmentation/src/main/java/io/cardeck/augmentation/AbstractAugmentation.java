package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/**
 * What cardeck's augmentations share: the name, the validation of the public arguments and the
 * output array, so that each subclass only writes its transformation into {@link #transform}.
 */
abstract class AbstractAugmentation implements Augmentation {

    private final String name;

    AbstractAugmentation(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final float[] apply(float[] image, ImageShape shape, SplittableRandom random) {
        InputImage.check(name, image, shape, random);
        float[] out = new float[image.length];
        transform(image, shape, random, out, 0);
        return out;
    }

    @Override
    public final void applyInto(float[] image, ImageShape shape, SplittableRandom random, float[] out, int offset) {
        InputImage.check(name, image, shape, random);
        InputImage.checkTarget(name, image, shape, out, offset);
        transform(image, shape, random, out, offset);
    }

    /**
     * Writes the augmented {@code image} (valid: {@code shape.size()} values in [0, 1]) to
     * {@code out[offset .. offset + shape.size())}, values in [0, 1]; {@code out} is not {@code image}
     * and may hold stale values.
     */
    abstract void transform(float[] image, ImageShape shape, SplittableRandom random, float[] out, int offset);

    /** Runs {@code step} without validating again when it is one of cardeck's own augmentations. */
    static void transform(Augmentation step, float[] image, ImageShape shape, SplittableRandom random,
                          float[] out, int offset) {
        if (step instanceof AbstractAugmentation own) {
            own.transform(image, shape, random, out, offset);
        } else {
            step.applyInto(image, shape, random, out, offset);
        }
    }

    /** Plain comparisons: Math.min/max also order -0.0 and NaN, which costs in per-pixel loops. */
    static float clip(double v) {
        return v < 0.0 ? 0f : v > 1.0 ? 1f : (float) v;
    }

    @Override
    public String toString() {
        return name;
    }
}
