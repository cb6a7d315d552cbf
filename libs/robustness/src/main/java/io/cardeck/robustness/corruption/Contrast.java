package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/** contrast: {@code clip((x - mean) * c + mean)} with the mean of each channel over the image. */
public final class Contrast extends AbstractCorruption {

    private static final double[] FACTOR = {0.75, 0.5, 0.4, 0.3, 0.15};

    public Contrast() {
        super("contrast", true, describe("c", FACTOR));
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        double factor = FACTOR[severity - 1];
        int plane = shape.height() * shape.width();
        for (int c = 0; c < shape.channels(); c++) {
            double sum = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                sum += image[i];
            }
            double mean = sum / plane;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                out[i] = clip((image[i] - mean) * factor + mean);
            }
        }
    }
}
