package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MotionBlurTest {

    /**
     * A single bright pixel spreads into a one-sided streak: its weights sum to 1, the pixel keeps the
     * first half-Gaussian weight 1 / sum(exp(-i^2 / 2 sigma^2), i = 0..2 ceil(radius)), and since the
     * angle is within +-45 degrees the streak runs to the left, no steeper than the diagonal.
     */
    @Test
    void anImpulseBecomesAHalfGaussianStreakWithinFortyFiveDegrees() {
        ImageShape shape = new ImageShape(1, 32, 32);
        float[] impulse = new float[shape.size()];
        impulse[16 * 32 + 16] = 1f;
        double[][] parameters = {{6, 1}, {6, 1.5}, {6, 2}, {8, 2}, {9, 2.5}};
        for (int severity = 1; severity <= 5; severity++) {
            double sigma = parameters[severity - 1][1];
            double norm = 0;
            for (int i = 0; i <= 2 * (int) parameters[severity - 1][0]; i++) {
                norm += Math.exp(-i * i / (2 * sigma * sigma));
            }
            for (long seed = 0; seed < 20; seed++) {
                float[] out = new MotionBlur().apply(impulse, shape, severity, new SplittableRandom(seed));
                double total = 0;
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        float v = out[y * 32 + x];
                        total += v;
                        if (v > 0) {
                            assertTrue(x <= 16 && Math.abs(y - 16) <= 16 - x, "s" + severity + " seed " + seed + " at " + y + "," + x);
                        }
                    }
                }
                assertEquals(1.0, total, 1e-5);
                assertEquals(1 / norm, out[16 * 32 + 16], 1e-6, "s" + severity + " seed " + seed);
            }
        }
    }
}
