package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/**
 * impulse_noise: skimage's salt-and-pepper noise; each value independently, with probability
 * {@code amount}, becomes 1 or 0 with equal odds.
 */
public final class ImpulseNoise extends AbstractCorruption {

    private static final double[] AMOUNT = {0.01, 0.02, 0.03, 0.05, 0.07};

    public ImpulseNoise() {
        super("impulse_noise", true, describe("amount", AMOUNT));
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        double amount = AMOUNT[severity - 1];
        for (int i = 0; i < image.length; i++) {
            out[i] = random.nextDouble() < amount ? (random.nextBoolean() ? 1f : 0f) : image[i];
        }
    }
}
