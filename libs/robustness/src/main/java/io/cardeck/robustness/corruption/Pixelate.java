package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/**
 * pixelate: Pillow BOX resize of each axis to {@code int(side * c)} (30, 28, 27, 24, 20 at 32 px) and
 * back (see {@link BoxResampler}).
 */
public final class Pixelate extends AbstractCorruption {

    private static final double[] FACTOR = {0.95, 0.9, 0.85, 0.75, 0.65};

    public Pixelate() {
        super("pixelate", true, describe("c", FACTOR));
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        double factor = FACTOR[severity - 1];
        int h = shape.height();
        int w = shape.width();
        int smallH = Math.max(1, (int) (h * factor));
        int smallW = Math.max(1, (int) (w * factor));
        float[] small = new float[smallH * smallW];
        float[] work = new float[h * w];
        for (int c = 0; c < shape.channels(); c++) {
            BoxResampler.resize(image, c * h * w, h, w, small, 0, smallH, smallW, work);
            BoxResampler.resize(small, 0, smallH, smallW, out, c * h * w, h, w, work);
        }
        clipAll(out);
    }
}
