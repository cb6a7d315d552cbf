package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Frost's texture and the invariants of the layers that snow, spatter and elastic_transform add. */
class TextureCorruptionsTest {

    private static final ImageShape RGB = new ImageShape(3, 32, 32);

    @Test
    void frostTextureIsSharedPerSizeAndHasBrightCrystalsOnADarkerGround() {
        FrostTexture texture = FrostTexture.forShape(RGB);
        assertSame(texture, FrostTexture.forShape(new ImageShape(1, 32, 32)));
        assertEquals(384, texture.side());
        assertTrue(FrostTexture.forShape(TestImages.FASHION_MNIST).side() >= 29);
        int n = texture.side() * texture.side();
        double mean = 0;
        int crystals = 0;
        int ground = 0;
        for (int y = 0; y < texture.side(); y++) {
            for (int x = 0; x < texture.side(); x++) {
                float v = texture.intensity(y, x);
                assertTrue(v >= 0f && v <= 1f);
                mean += v / n;
                crystals += v > 0.8f ? 1 : 0;
                ground += v < 0.5f ? 1 : 0;
            }
        }
        assertEquals(0.52, mean, 0.03, "documented mean intensity");
        assertTrue(crystals > 0.05 * n && crystals < 0.3 * n, "crystal fraction " + crystals / (double) n);
        assertTrue(ground > 0.3 * n, "ground fraction " + ground / (double) n);
    }

    @Test
    void frostBlendsTheImageWithAnIceBlueCrop() {
        float[] black = new float[RGB.size()];
        float[] out = new Frost().apply(black, RGB, 5, new SplittableRandom(1));
        int plane = 32 * 32;
        for (int i = 0; i < plane; i++) {
            // On black: 0.45 * intensity * (0.86, 0.93, 1.0).
            assertEquals(out[2 * plane + i] * 0.86f, out[i], 1e-6);
            assertEquals(out[2 * plane + i] * 0.93f, out[plane + i], 1e-6);
            assertTrue(out[2 * plane + i] <= 0.45f + 1e-6);
        }
    }

    @Test
    void snowNeverDarkensAPixel() {
        float[] image = TestImages.synthetic(RGB, 4);
        for (int severity = 1; severity <= 5; severity++) {
            float[] out = new Snow().apply(image, RGB, severity, new SplittableRandom(severity));
            for (int i = 0; i < image.length; i++) {
                assertTrue(out[i] >= image[i] - 1e-6, "s" + severity + " at " + i);
            }
        }
    }

    @Test
    void waterOnlyAddsAndMudOnlyPullsTowardsBrown() {
        float[] image = TestImages.synthetic(RGB, 6);
        int plane = 32 * 32;
        float[] brown = {63 / 255f, 42 / 255f, 20 / 255f};
        for (int severity = 1; severity <= 5; severity++) {
            int touched = 0;
            for (long seed = 0; seed < 4; seed++) {
                float[] out = new Spatter().apply(image, RGB, severity, new SplittableRandom(seed));
                for (int i = 0; i < image.length; i++) {
                    if (out[i] != image[i]) {
                        touched++;
                    }
                    if (severity <= 3) {
                        assertTrue(out[i] >= image[i], "water s" + severity + " at " + i);
                    } else {
                        // x (1 - m) + brown m with m = 0 or m >= 0.8.
                        float target = brown[i / plane];
                        assertTrue(out[i] == image[i] || Math.abs(out[i] - target) <= 0.2f * Math.abs(image[i] - target) + 1e-6,
                                "mud s" + severity + " at " + i);
                    }
                }
            }
            assertTrue(touched > 0, "spatter s" + severity + " never changed a pixel");
        }
    }

    @Test
    void elasticTransformKeepsAConstantImage() {
        float[] image = new float[RGB.size()];
        Arrays.fill(image, 0.3f);
        float[] expected = image.clone();
        for (int severity = 1; severity <= 5; severity++) {
            assertArrayEquals(expected, new ElasticTransform().apply(image, RGB, severity, new SplittableRandom(severity)), 1e-6f);
        }
    }
}
