package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlassBlurTest {

    /**
     * At 32 px severity 1 the blur (sigma 0.05, radius int(4 * 0.05 + 0.5) = 0) is the identity, so the
     * output shows the shuffle alone: rows and columns 0 and 1 stay, every other pixel holds the value
     * of itself or its upper, left or upper-left neighbour (offsets in numpy's randint(-1, 1) = {-1, 0}).
     */
    @Test
    void eachPixelCopiesItselfOrAnUpperLeftNeighbourAtSeverityOne() {
        ImageShape shape = new ImageShape(1, 32, 32);
        float[] distinct = new float[shape.size()];
        for (int i = 0; i < distinct.length; i++) {
            distinct[i] = i / 1023f;
        }
        int moved = 0;
        for (long seed = 0; seed < 5; seed++) {
            float[] out = new GlassBlur().apply(distinct, shape, 1, new SplittableRandom(seed));
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    float v = out[y * 32 + x];
                    if (y < 2 || x < 2) {
                        assertEquals(distinct[y * 32 + x], v, "border pixel " + y + "," + x);
                        continue;
                    }
                    boolean candidate = false;
                    for (int dy = -1; dy <= 0; dy++) {
                        for (int dx = -1; dx <= 0; dx++) {
                            candidate |= v == distinct[(y + dy) * 32 + x + dx];
                        }
                    }
                    assertTrue(candidate, "pixel " + y + "," + x + " holds " + v);
                    moved += v != distinct[y * 32 + x] ? 1 : 0;
                }
            }
        }
        // Three of the four offsets move the pixel.
        assertEquals(0.75, moved / (5.0 * 30 * 30), 0.03);
    }
}
