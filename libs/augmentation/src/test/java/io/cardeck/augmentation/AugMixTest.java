package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugMixTest {

    @Test
    void defaultsAreThePapersSetting() {
        AugMix augmix = new AugMix();
        assertEquals("augmix", augmix.name());
        assertEquals(3, augmix.width());
        assertEquals(AugMix.STOCHASTIC_DEPTH, augmix.depth());
        assertEquals(3, augmix.severity());
        assertEquals(List.of(AugMixOperation.values()), augmix.operations());
    }

    @Test
    void mixingWeightOneGivesTheCleanImage() {
        AugMix augmix = new AugMix();
        for (ImageShape shape : TestImages.trainingShapes().toList()) {
            float[] image = TestImages.random(shape, 2);
            float[] out = new float[image.length];
            augmix.mix(image, shape, new SplittableRandom(3), 1.0, new double[] {0.2, 0.3, 0.5}, out, 0);
            assertArrayEquals(image, out);
        }
    }

    @Test
    void mixingWeightZeroGivesTheWeightedChains() {
        // Autocontrast is idempotent, so every chain of it is one autocontrast whatever its depth.
        AugMix augmix = new AugMix(3, AugMix.STOCHASTIC_DEPTH, 3, List.of(AugMixOperation.AUTOCONTRAST));
        ImageShape shape = new ImageShape(3, 1, 3);
        float[] image = TestImages.of(0.2f, 0.4f, 0.6f, 0.3f, 0.3f, 0.3f, 0.1f, 0.1f, 0.9f);
        float[] out = new float[image.length];
        augmix.mix(image, shape, new SplittableRandom(3), 0.0, new double[] {0.2, 0.3, 0.5}, out, 0);
        assertArrayEquals(TestImages.of(0f, 0.5f, 1f, 0.3f, 0.3f, 0.3f, 0f, 0f, 1f), out, 1e-6f);
    }

    @Test
    void oneChainOfOneSolarizeUsesASampledThreshold() {
        AugMix augmix = new AugMix(1, 1, 3, List.of(AugMixOperation.SOLARIZE));
        ImageShape shape = new ImageShape(1, 16, 16);
        float[] image = new float[256];
        for (int level = 0; level < 256; level++) {
            image[level] = level / 255f;
        }
        for (long seed = 0; seed < 20; seed++) {
            float[] out = new float[256];
            augmix.mix(image, shape, new SplittableRandom(seed), 0.0, new double[] {1.0}, out, 0);
            // The first inverted level is the threshold.
            int threshold = 0;
            while (threshold < 256 && out[threshold] == image[threshold]) {
                threshold++;
            }
            assertTrue(threshold >= 180 && threshold <= 254, "threshold " + threshold);
            for (int level = threshold; level < 256; level++) {
                assertEquals(1f - image[level], out[level], 1e-6f);
            }
        }
    }

    @Test
    void resultIsAConvexCombinationOfTheImageAndItsChains() {
        AugMix augmix = new AugMix(3, AugMix.STOCHASTIC_DEPTH, 3, List.of(AugMixOperation.AUTOCONTRAST));
        ImageShape shape = new ImageShape(3, 4, 4);
        float[] image = new float[shape.size()];
        for (int p = 0; p < image.length; p++) {
            image[p] = 0.25f + 0.5f * (p % 16) / 15f; // each channel spans [0.25, 0.75]
        }
        float[] stretched = new float[image.length];
        for (int p = 0; p < image.length; p++) {
            stretched[p] = (p % 16) / 15f; // autocontrast by hand
        }
        SplittableRandom random = new SplittableRandom(12);
        double sumOfCleanWeights = 0;
        int n = 2000;
        for (int k = 0; k < n; k++) {
            float[] out = augmix.apply(image, shape, random);
            // out = m x + (1 - m) autocontrast(x): the clean weight m from the first pixel, then all pixels agree.
            double m = (out[0] - stretched[0]) / (double) (image[0] - stretched[0]);
            assertTrue(m >= -1e-6 && m <= 1 + 1e-6, "m = " + m);
            for (int p = 0; p < image.length; p++) {
                assertEquals(m * image[p] + (1 - m) * stretched[p], out[p], 1e-5, "pixel " + p);
            }
            sumOfCleanWeights += m;
        }
        // Beta(1, 1) has mean 1/2 and standard deviation 0.29: 0.0065 for the mean of 2000.
        assertEquals(0.5, sumOfCleanWeights / n, 0.035);
    }

    @Test
    void twoCallsWithOneRandomGiveTwoDifferentViewsForTheConsistencyLoss() {
        AugMix augmix = new AugMix();
        ImageShape shape = TestImages.RGB_32;
        float[] image = TestImages.random(shape, 1);
        SplittableRandom random = new SplittableRandom(9);
        float[] first = augmix.apply(image, shape, random);
        float[] second = augmix.apply(image, shape, random);
        assertFalse(Arrays.equals(first, second));
        SplittableRandom again = new SplittableRandom(9);
        assertArrayEquals(first, augmix.apply(image, shape, again));
        assertArrayEquals(second, augmix.apply(image, shape, again));
    }

    @Test
    void rejectsInvalidSettings() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AugMix(0, 1, 3))
                .getMessage().contains("width"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AugMix(3, 0, 3))
                .getMessage().contains("depth must be >= 1 or -1"));
        assertThrows(IllegalArgumentException.class, () -> new AugMix(3, -2, 3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AugMix(3, 1, 0))
                .getMessage().contains("severity must be 1..10"));
        assertThrows(IllegalArgumentException.class, () -> new AugMix(3, 1, 11));
        assertThrows(IllegalArgumentException.class, () -> new AugMix(3, 1, 3, List.of()));
    }
}
