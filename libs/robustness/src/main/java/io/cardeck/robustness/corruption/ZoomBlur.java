package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * zoom_blur: the mean of the image and its clipped zooms ({@link ClippedZoom}) by
 * {@code numpy.arange(1, end, 0.01)}: 7, 12, 16, 21 and 26 factors from 1.00 up to 1.06, 1.11,
 * 1.15, 1.20 and 1.25. Zoom factors are relative, so nothing scales with the image.
 */
public final class ZoomBlur extends AbstractCorruption {

    private static final int[] FACTORS = {7, 12, 16, 21, 26};
    /** numpy's arange fills start + i * (element 1 - element 0). */
    private static final double STEP = (1.0 + 0.01) - 1.0;

    public ZoomBlur() {
        super("zoom_blur", true, Arrays.stream(FACTORS)
                .mapToObj(n -> String.format(Locale.ROOT, "zoom factors 1.00..%.2f step 0.01 (%d factors)", 1 + (n - 1) * 0.01, n))
                .toList());
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        int h = shape.height();
        int w = shape.width();
        int factors = FACTORS[severity - 1];
        System.arraycopy(image, 0, out, 0, image.length);
        for (int i = 0; i < factors; i++) {
            ClippedZoom zoom = ClippedZoom.of(h, w, 1.0 + i * STEP);
            for (int c = 0; c < shape.channels(); c++) {
                zoom.addTo(image, c * h * w, out, c * h * w);
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = clip(out[i] / (factors + 1));
        }
    }
}
