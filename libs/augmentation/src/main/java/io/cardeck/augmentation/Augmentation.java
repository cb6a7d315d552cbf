package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/** A random training-time transformation of one image. */
public interface Augmentation {

    /** Short name used in manifests and logs, e.g. {@code augmix}. */
    String name();

    /**
     * Returns a new augmented image (float CHW in [0, 1], same shape); {@code image} is not modified.
     * All randomness comes from {@code random}, so the same state gives the same result.
     */
    float[] apply(float[] image, ImageShape shape, SplittableRandom random);

    /**
     * Writes the augmented image into {@code out[offset .. offset + shape.size())} instead of allocating,
     * e.g. straight into one row of an NCHW batch. Draws exactly what {@link #apply} draws from
     * {@code random}, so both give the same image. {@code out} must be another array than {@code image}.
     */
    default void applyInto(float[] image, ImageShape shape, SplittableRandom random, float[] out, int offset) {
        InputImage.checkTarget(name(), image, shape, out, offset);
        float[] augmented = apply(image, shape, random);
        System.arraycopy(augmented, 0, out, offset, augmented.length);
    }
}
