package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/** gaussian_blur: skimage's Gaussian filter per channel ('nearest' border, truncate 4 sigma); sigma scales with the image. */
public final class GaussianBlur extends AbstractCorruption {

    private static final double[] SIGMA = {0.4, 0.6, 0.7, 0.8, 1.0};

    public GaussianBlur() {
        super("gaussian_blur", false, describe("sigma", SIGMA));
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        GaussianFilter.image(image, out, shape, SIGMA[severity - 1] * sizeScale(shape),
                new float[shape.height() * shape.width()]);
        clipAll(out);
    }
}
