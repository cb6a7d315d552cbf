package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mean absolute change per severity over 40 real Fashion-MNIST test images (gray 28 px) and 30
 * synthetic RGB 32 px images, with the same seed per image at every severity. Where the published
 * parameters grow monotonically the change must grow strictly; elsewhere the test states what the
 * parameters imply (the reasons are in docs/corruptions.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeverityOrderingTest {

    private static final ImageShape RGB = new ImageShape(3, 32, 32);

    private float[][] gray;
    private float[][] rgb;

    @BeforeAll
    void loadImages() {
        gray = TestImages.fashionMnist(40);
        rgb = new float[30][];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = TestImages.synthetic(RGB, 100 + i);
        }
    }

    /** Mean absolute change at severities 1..5 (index 0..4). */
    private static double[] curve(Corruption corruption, float[][] images, ImageShape shape) {
        double[] change = new double[5];
        for (int severity = 1; severity <= 5; severity++) {
            for (int i = 0; i < images.length; i++) {
                float[] out = corruption.apply(images[i], shape, severity, new SplittableRandom(1000 + i));
                change[severity - 1] += TestImages.meanAbsoluteDifference(images[i], out) / images.length;
            }
        }
        return change;
    }

    private double[][] curves(String name) {
        Corruption corruption = Corruptions.byName(name);
        return new double[][] {curve(corruption, gray, TestImages.FASHION_MNIST), curve(corruption, rgb, RGB)};
    }

    private static void assertIncreasing(String what, double[] change, int from, int to) {
        for (int s = from; s < to; s++) {
            assertTrue(change[s] > change[s - 1],
                    what + ": severity " + (s + 1) + " should change more than " + s + ": " + Arrays.toString(change));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise", "gaussian_blur",
            "defocus_blur", "zoom_blur", "snow", "fog", "brightness", "contrast", "pixelate", "jpeg_compression"})
    void changeGrowsStrictlyWhereTheParametersAreMonotone(String name) {
        double[][] curves = curves(name);
        assertIncreasing(name + " on Fashion-MNIST", curves[0], 1, 5);
        assertIncreasing(name + " on RGB", curves[1], 1, 5);
    }

    @Test
    void motionBlurSeverityFourOnlyLengthensAKernelThatIsAlreadyNegligibleThere() {
        // Severities 3 and 4 share sigma 2; radius 6 -> 8 adds taps of weight below 1e-7.
        for (double[] change : curves("motion_blur")) {
            assertIncreasing("motion_blur", change, 1, 3);
            assertEquals(change[2], change[3], 0.01 * change[2], Arrays.toString(change));
            assertTrue(change[4] > change[3], Arrays.toString(change));
        }
    }

    @Test
    void glassBlurChangesMoreWithTwoShufflesThanWithOne() {
        // Severities 1-3 differ only by a blur sigma of 0.05..0.4 px; 4-5 shuffle twice.
        for (double[] change : curves("glass_blur")) {
            double oneShuffle = Math.max(change[0], Math.max(change[1], change[2]));
            assertTrue(Math.min(change[3], change[4]) > oneShuffle, Arrays.toString(change));
            assertTrue(change[2] >= change[0], Arrays.toString(change));
        }
    }

    @Test
    void frostGrowsWhileTheImageKeepsItsWeightAndEndsAboveSeverityOne() {
        // From severity 3 on the image is dimmed (0.9, 0.85, 0.75), which offsets part of the frost.
        for (double[] change : curves("frost")) {
            assertIncreasing("frost", change, 1, 3);
            assertTrue(change[4] > change[0], Arrays.toString(change));
        }
    }

    @Test
    void elasticTransformChangesLessWithSeverityBecauseTheAffineJitterShrinks() {
        // The affine jitter (2.56 -> 0.96 px) moves pixels more than the growing sub-pixel elastic field.
        for (double[] change : curves("elastic_transform")) {
            for (int s = 1; s < 5; s++) {
                assertTrue(change[s] < change[s - 1], Arrays.toString(change));
            }
        }
    }

    @Test
    void spatterGrowsWithinWaterAndWithinMudAndEndsAboveSeverityOne() {
        for (double[] change : curves("spatter")) {
            assertIncreasing("spatter (water)", change, 1, 3);
            assertTrue(change[4] > change[3], "spatter (mud) " + Arrays.toString(change));
            assertTrue(change[4] > change[0], Arrays.toString(change));
        }
    }

    @Test
    void saturateDesaturatesThenOversaturatesAndIsTheIdentityOnGray() {
        double[][] curves = curves("saturate");
        assertEquals(0.0, Arrays.stream(curves[0]).max().orElseThrow(), "saturate must not change gray images");
        double[] change = curves[1];
        // Multipliers 0.3, 0.1 (desaturate), then 1.5, 2 (+0.1), 2.5 (+0.2).
        assertTrue(change[1] > change[0], Arrays.toString(change));
        assertTrue(change[2] < change[0], Arrays.toString(change));
        assertIncreasing("saturate (oversaturation)", change, 3, 5);
        assertTrue(change[4] > change[0], Arrays.toString(change));
    }
}
