package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GaussianNoiseTest {

    @Test
    void defaultsAreTheCardPapersStdAndHalfCleanImages() {
        GaussianNoise noise = new GaussianNoise();
        assertEquals(0.1, noise.std());
        assertEquals(0.5, noise.cleanShare());
    }

    @Test
    void shareOfCleanImagesAndNoiseStdMatchTheParameters() {
        ImageShape shape = TestImages.GRAY_28;
        float[] gray = TestImages.constant(shape, 0.5f);
        GaussianNoise noise = new GaussianNoise();
        SplittableRandom random = new SplittableRandom(17);
        int n = 4000;
        int clean = 0;
        double sum = 0;
        double sumSquares = 0;
        long values = 0;
        for (int k = 0; k < n; k++) {
            float[] out = noise.apply(gray, shape, random);
            if (Arrays.equals(gray, out)) {
                clean++;
                continue;
            }
            if (values < 400_000) {
                for (float v : out) {
                    double d = v - 0.5;
                    sum += d;
                    sumSquares += d * d;
                }
                values += out.length;
            }
        }
        // Binomial(4000, 0.5): standard deviation 0.0079 in share.
        assertEquals(0.5, clean / (double) n, 0.04);
        double mean = sum / values;
        double std = Math.sqrt(sumSquares / values - mean * mean);
        // 0.5 +- 5 std never clips; the estimate's standard error is 0.1 / sqrt(2 * 400k) = 1.1e-4.
        assertEquals(0.0, mean, 0.001);
        assertEquals(0.1, std, 0.001);
    }

    @Test
    void cleanShareOneNeverChangesAndZeroAlwaysChanges() {
        ImageShape shape = TestImages.RGB_32;
        float[] image = TestImages.random(shape, 3);
        SplittableRandom random = new SplittableRandom(2);
        for (int k = 0; k < 50; k++) {
            assertArrayEquals(image, new GaussianNoise(0.1, 1.0).apply(image, shape, random));
            float[] noisy = new GaussianNoise(0.1, 0.0).apply(image, shape, random);
            int changed = 0;
            for (int i = 0; i < image.length; i++) {
                changed += image[i] != noisy[i] ? 1 : 0;
            }
            // Only values at 0 or 1 pushed outward stay put: about 2 / 256 of them.
            assertTrue(changed > 0.9 * image.length, "changed " + changed);
        }
    }

    @Test
    void clipsToTheUnitInterval() {
        ImageShape shape = TestImages.GRAY_28;
        float[] black = TestImages.constant(shape, 0f);
        float[] out = new GaussianNoise(0.5, 0.0).apply(black, shape, new SplittableRandom(1));
        int zeros = 0;
        for (float v : out) {
            assertTrue(v >= 0f && v <= 1f);
            zeros += v == 0f ? 1 : 0;
        }
        // Half of N(0, 0.5) is negative and clips to 0.
        assertEquals(0.5, zeros / (double) out.length, 0.1);
    }

    @ParameterizedTest
    @CsvSource({"-0.1,0.5,std", "NaN,0.5,std", "1.5,0.5,std", "0.1,-0.5,clean share", "0.1,1.1,clean share",
            "0.1,NaN,clean share"})
    void rejectsParametersOutOfRange(double std, double cleanShare, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianNoise(std, cleanShare));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
