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
}
