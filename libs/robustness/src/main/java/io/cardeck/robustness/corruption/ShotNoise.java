package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/** shot_noise: {@code clip(Poisson(x * c) / c)} independently per value (photon counting noise). */
public final class ShotNoise extends AbstractCorruption {

    private static final double[] PHOTONS = {500, 250, 100, 75, 50};

    public ShotNoise() {
        super("shot_noise", true, describe("c", PHOTONS));
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        double c = PHOTONS[severity - 1];
        for (int i = 0; i < image.length; i++) {
            out[i] = clip(PoissonSampler.sample(image[i] * c, random) / c);
        }
    }
}
