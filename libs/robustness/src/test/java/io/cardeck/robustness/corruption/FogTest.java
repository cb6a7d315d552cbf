package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FogTest {

    private static final double[] AMPLITUDE = {0.2, 0.5, 0.75, 1, 1.5};

    /**
     * On a constant image c of 32 px the whole 32x32 plasma map is used, which spans [0, 1]: the output
     * spans c * c / (c + a) (where the map is 0) to c (where it is 1).
     */
    @Test
    void aConstantImageSpansTheRescaledFractalRange() {
        ImageShape shape = new ImageShape(1, 32, 32);
        float c = 0.6f;
        float[] image = new float[shape.size()];
        Arrays.fill(image, c);
        for (int severity = 1; severity <= 5; severity++) {
            float[] out = new Fog().apply(image, shape, severity, new SplittableRandom(severity));
            double min = 1;
            double max = 0;
            for (float v : out) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double a = AMPLITUDE[severity - 1];
            assertEquals(c * c / (c + a), min, 1e-6, "s" + severity);
            assertEquals(c, max, 1e-6, "s" + severity);
        }
    }

    @Test
    void plasmaFractalSpansZeroToOneAndIsSmootherWithFasterDecay() {
        double roughFast = 0;
        double roughSlow = 0;
        for (long seed = 0; seed < 10; seed++) {
            float[] slow = PlasmaFractal.generate(64, 1.75, new SplittableRandom(seed));
            float[] fast = PlasmaFractal.generate(64, 3, new SplittableRandom(seed));
            assertEquals(0f, min(slow));
            assertEquals(1f, max(slow));
            roughSlow += neighbourDifference(slow, 64);
            roughFast += neighbourDifference(fast, 64);
        }
        assertTrue(roughFast < roughSlow, roughFast + " vs " + roughSlow);
    }

    @Test
    void plasmaFractalNeedsAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlasmaFractal.generate(28, 2, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    private static double neighbourDifference(float[] map, int n) {
        double sum = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x + 1 < n; x++) {
                sum += Math.abs(map[y * n + x + 1] - map[y * n + x]);
            }
        }
        return sum;
    }

    private static float min(float[] values) {
        float min = Float.MAX_VALUE;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    private static float max(float[] values) {
        float max = -Float.MAX_VALUE;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
