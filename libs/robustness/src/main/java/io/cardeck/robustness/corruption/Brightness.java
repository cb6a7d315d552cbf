package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/**
 * brightness: in HSV, {@code V = clip(V + c)} with hue and saturation kept (skimage conventions, see
 * {@link HsvColor}). On a gray image V is the gray level, so it becomes {@code clip(x + c)}.
 */
public final class Brightness extends AbstractCorruption {

    private static final double[] SHIFT = {0.05, 0.1, 0.15, 0.2, 0.3};

    public Brightness() {
        super("brightness", true, describe("c", SHIFT));
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        double shift = SHIFT[severity - 1];
        if (shape.channels() == 1) {
            for (int i = 0; i < image.length; i++) {
                out[i] = clip(image[i] + shift);
            }
            return;
        }
        HsvColor.adjust(image, out, shape.height() * shape.width(), 1, 0, shift);
    }
}
