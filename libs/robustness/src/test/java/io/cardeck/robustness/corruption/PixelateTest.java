package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PixelateTest {

    @Test
    void leavesAConstantImageUnchanged() {
        ImageShape shape = new ImageShape(3, 32, 32);
        float[] image = new float[shape.size()];
        Arrays.fill(image, 0.37f);
        for (int severity = 1; severity <= 5; severity++) {
            assertArrayEquals(image, new Pixelate().apply(image, shape, severity, new SplittableRandom(0)), 1e-6f);
        }
    }

    /**
     * Pillow's BOX 4 -> 3 takes pixel 0, the mean of pixels 1 and 2, and pixel 3 (the input centres
     * 0.5, 1.5, 2.5, 3.5 fall in the output cells (0, 4/3], (4/3, 8/3], (8/3, 4]); 3 -> 4 picks the
     * nearest pixel, 0, 1, 1, 2. So each axis maps a, b, c, d to a, (b+c)/2, (b+c)/2, d.
     */
    @Test
    void matchesPillowsBoxResizeOnAFourPixelImageByHand() {
        float[] image = new float[16];
        for (int i = 0; i < 16; i++) {
            image[i] = i / 16f;
        }
        float[] out = new Pixelate().apply(image, new ImageShape(1, 4, 4), 1, new SplittableRandom(0));
        double[] averaged = {0, 1.5, 1.5, 3};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals((4 * averaged[y] + averaged[x]) / 16, out[4 * y + x], 1e-6, "at " + y + "," + x);
            }
        }
    }

    @Test
    void givesBackABlockImageWhoseBlocksTheResizeAverages() {
        float[] image = {
                0.1f, 0.2f, 0.2f, 0.3f,
                0.4f, 0.5f, 0.5f, 0.6f,
                0.4f, 0.5f, 0.5f, 0.6f,
                0.7f, 0.8f, 0.8f, 0.9f};
        assertArrayEquals(image, new Pixelate().apply(image, new ImageShape(1, 4, 4), 1, new SplittableRandom(0)), 1e-6f);
    }

    /**
     * 32 -> 20 (scale 1.6): output cells average inputs {0,1}, {2}, {3,4}, {5}, {6,7} of every 8;
     * 20 -> 32 (nearest) reads small pixels 0,0,1,2,2,3,4,4 of every 5. Together every 8 inputs
     * become (0+1)/2 twice, 2, (3+4)/2 twice, 5, (6+7)/2 twice.
     */
    @Test
    void matchesPillowsBoxResizeAtThirtyTwoPixelsSeverityFiveByHand() {
        ImageShape shape = new ImageShape(1, 32, 32);
        float[] ramp = new float[shape.size()];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (i % 32) / 31f;
        }
        float[] out = new Pixelate().apply(ramp, shape, 5, new SplittableRandom(0));
        double[] pattern = {0.5, 0.5, 2, 3.5, 3.5, 5, 6.5, 6.5};
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                double expected = (8 * (x / 8) + pattern[x % 8]) / 31;
                assertEquals(expected, out[32 * y + x], 1e-6, "at " + y + "," + x);
            }
        }
    }
}
