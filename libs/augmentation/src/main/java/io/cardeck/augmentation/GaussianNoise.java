package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/**
 * Gaussian noise augmentation of the CARD paper: with probability {@code cleanShare} the image stays
 * clean, otherwise every value becomes {@code clip(x + N(0, std), 0, 1)}. The paper trains with
 * std 0.1 and "a share of clean samples" without saying how large; cardeck uses half.
 */
public final class GaussianNoise extends AbstractAugmentation {

    public static final double DEFAULT_STD = 0.1;
    public static final double DEFAULT_CLEAN_SHARE = 0.5;

    private final double std;
    private final double cleanShare;

    /** std 0.1, clean share 0.5. */
    public GaussianNoise() {
        this(DEFAULT_STD, DEFAULT_CLEAN_SHARE);
    }

    public GaussianNoise(double std, double cleanShare) {
        super("gaussian_noise");
        if (!(std >= 0.0 && std <= 1.0)) {
            throw new IllegalArgumentException("gaussian_noise: std must be in [0, 1], got " + std);
        }
        if (!(cleanShare >= 0.0 && cleanShare <= 1.0)) {
            throw new IllegalArgumentException("gaussian_noise: clean share must be in [0, 1], got " + cleanShare);
        }
        this.std = std;
        this.cleanShare = cleanShare;
    }

    public double std() {
        return std;
    }

    public double cleanShare() {
        return cleanShare;
    }

    @Override
    void transform(float[] image, ImageShape shape, SplittableRandom random, float[] out, int offset) {
        if (random.nextDouble() < cleanShare) {
            System.arraycopy(image, 0, out, offset, image.length);
            return;
        }
        for (int i = 0; i < image.length; i++) {
            out[offset + i] = clip(image[i] + std * random.nextGaussian());
        }
    }
}
