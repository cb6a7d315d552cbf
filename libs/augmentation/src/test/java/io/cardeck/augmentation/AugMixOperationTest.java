package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Magnitude ranges at the paper's severity 3, worked out from the reference code's formulas. */
class AugMixOperationTest {

    private static final int DRAWS = 20_000;

    @Test
    void areThePapersOperationsWithoutTheOnesOverlappingTheTestCorruptions() {
        List<String> names = Arrays.stream(AugMixOperation.values()).map(AugMixOperation::opName).toList();
        assertEquals(List.of("autocontrast", "equalize", "posterize", "rotate", "solarize", "shear_x", "shear_y",
                "translate_x", "translate_y"), names);
    }

    @Test
    void posterizeKeepsThreeOrFourBits() {
        // bits = 4 - int(level * 0.4), level in [0.1, 3): 4 below level 2.5, 3 above.
        assertEquals(new TreeSet<>(List.of(3.0, 4.0)), magnitudes(AugMixOperation.POSTERIZE, TestImages.GRAY_28));
    }

    @Test
    void rotateTurnsByWholeDegreesUpToEightEitherWay() {
        // degrees = int(level * 3) <= 8 for level < 3.
        TreeSet<Double> degrees = magnitudes(AugMixOperation.ROTATE, TestImages.RGB_32);
        assertEquals(integers(-8, 8), degrees);
    }

    @Test
    void solarizeThresholdsLieBetween180And254() {
        // threshold = 256 - int(level * 25.6): 254 near level 0.1, 180 near level 3.
        TreeSet<Double> thresholds = magnitudes(AugMixOperation.SOLARIZE, TestImages.GRAY_28);
        assertEquals(integers(180, 254), thresholds);
    }

    @Test
    void shearFactorsStayBelow009EitherWay() {
        for (AugMixOperation shear : List.of(AugMixOperation.SHEAR_X, AugMixOperation.SHEAR_Y)) {
            TreeSet<Double> factors = magnitudes(shear, TestImages.RGB_32);
            // factor = level * 0.03, level in [0.1, 3)
            assertTrue(factors.first() > -0.09 && factors.first() < -0.089, "most negative " + factors.first());
            assertTrue(factors.last() < 0.09 && factors.last() > 0.089, "largest " + factors.last());
            assertTrue(factors.ceiling(0.0) >= 0.003 && factors.floor(0.0) <= -0.003, "smallest |factor| is 0.003");
        }
    }

    @Test
    void translationsAreWholePixelsUpToAThirdOfTheSideTimesThreeTenths() {
        // pixels = int(level * side / 30): 32 px -> up to 3, 28 px -> up to 2.
        assertEquals(integers(-3, 3), magnitudes(AugMixOperation.TRANSLATE_X, TestImages.RGB_32));
        assertEquals(integers(-2, 2), magnitudes(AugMixOperation.TRANSLATE_Y, TestImages.GRAY_28));
        ImageShape wide = new ImageShape(1, 12, 40);
        assertEquals(integers(-3, 3), magnitudes(AugMixOperation.TRANSLATE_X, wide), "x follows the width");
        assertEquals(integers(-1, 1), magnitudes(AugMixOperation.TRANSLATE_Y, wide), "y follows the height");
    }

    @Test
    void autocontrastAndEqualizeDrawNothing() {
        for (AugMixOperation operation : List.of(AugMixOperation.AUTOCONTRAST, AugMixOperation.EQUALIZE)) {
            SplittableRandom random = new SplittableRandom(5);
            operation.sampleMagnitude(3, TestImages.RGB_32, random);
            assertEquals(new SplittableRandom(5).nextLong(), random.nextLong(), operation.opName());
        }
    }

    @Test
    void operationsApplyTheirMagnitude() {
        ImageShape shape = TestImages.RGB_32;
        float[] image = TestImages.random(shape, 8);
        float[] out = new float[image.length];
        int[] histogram = new int[256];
        AugMixOperation.TRANSLATE_X.apply(image, out, shape, -2, histogram);
        assertArrayEquals(TestImages.shifted(image, shape, 0, -2), out);
        AugMixOperation.TRANSLATE_Y.apply(image, out, shape, 3, histogram);
        assertArrayEquals(TestImages.shifted(image, shape, 3, 0), out);
        AugMixOperation.SOLARIZE.apply(image, out, shape, 200, histogram);
        for (int p = 0; p < image.length; p++) {
            float expected = Math.round(image[p] * 255) >= 200 ? 1f - image[p] : image[p];
            assertEquals(expected, out[p]);
        }
        AugMixOperation.POSTERIZE.apply(image, out, shape, 3, histogram);
        for (int p = 0; p < image.length; p++) {
            assertEquals((Math.round(image[p] * 255) / 32 * 32) / 255f, out[p]);
        }
    }

    private static TreeSet<Double> magnitudes(AugMixOperation operation, ImageShape shape) {
        SplittableRandom random = new SplittableRandom(operation.ordinal());
        TreeSet<Double> seen = new TreeSet<>();
        for (int n = 0; n < DRAWS; n++) {
            seen.add(operation.sampleMagnitude(AugMix.DEFAULT_SEVERITY, shape, random) + 0.0);
        }
        return seen;
    }

    private static TreeSet<Double> integers(int from, int to) {
        TreeSet<Double> set = new TreeSet<>();
        for (int v = from; v <= to; v++) {
            set.add((double) v);
        }
        return set;
    }
}
