package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/** speckle_noise: {@code clip(x + x * N(0, c))} independently per value (multiplicative noise). */
public final class SpeckleNoise extends AbstractCorruption {

    private static final double[] STD = {0.06, 0.1, 0.12, 0.16, 0.2};

    public SpeckleNoise() {
        super("speckle_noise", false, describe("c", STD));
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        double std = STD[severity - 1];
        for (int i = 0; i < image.length; i++) {
            out[i] = clip(image[i] + image[i] * std * random.nextGaussian());
        }
    }
}
