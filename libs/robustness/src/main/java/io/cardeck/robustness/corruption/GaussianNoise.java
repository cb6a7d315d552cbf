package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/** gaussian_noise: {@code clip(x + N(0, std))} independently per value. */
public final class GaussianNoise extends AbstractCorruption {

    private static final double[] STD = {0.04, 0.06, 0.08, 0.09, 0.10};

    public GaussianNoise() {
        super("gaussian_noise", true, describe("std", STD));
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        double std = STD[severity - 1];
        for (int i = 0; i < image.length; i++) {
            out[i] = clip(image[i] + std * random.nextGaussian());
        }
    }
}
