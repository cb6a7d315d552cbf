package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZoomBlurTest {

    @Test
    void keepsAConstantImage() {
        ImageShape shape = new ImageShape(3, 20, 24);
        float[] image = new float[shape.size()];
        Arrays.fill(image, 0.42f);
        for (int severity = 1; severity <= 5; severity++) {
            assertArrayEquals(image, new ZoomBlur().apply(image, shape, severity, new SplittableRandom(0)), 1e-6f);
        }
    }

    /**
     * Zoom 2 of a, b, c, d: crop ceil(4 / 2) = 2 pixels from (4 - 2) // 2 = 1, i.e. b, c; scipy zoom to
     * round(2 * 2) = 4 pixels reads input 0, 1/3, 2/3, 1; no trim. Rows likewise.
     */
    @Test
    void clippedZoomMatchesScipyZoomOfTheCentreCropByHand() {
        float[] plane = new float[16];
        for (int i = 0; i < 16; i++) {
            plane[i] = i;
        }
        float[] out = new float[16];
        ClippedZoom.of(4, 4, 2.0).addTo(plane, 0, out, 0);
        double[] axis = {1, 1 + 1 / 3.0, 1 + 2 / 3.0, 2};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(4 * axis[y] + axis[x], out[4 * y + x], 1e-5, "at " + y + "," + x);
            }
        }
    }

    @Test
    void clippedZoomByOneIsTheIdentity() {
        float[] plane = TestImages.synthetic(new ImageShape(1, 7, 9), 1);
        float[] out = new float[plane.length];
        ClippedZoom.of(7, 9, 1.0).addTo(plane, 0, out, 0);
        assertArrayEquals(plane, out);
    }
}
