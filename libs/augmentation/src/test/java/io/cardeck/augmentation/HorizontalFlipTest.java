package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HorizontalFlipTest {

    private static final SplittableRandom RANDOM = new SplittableRandom(4);

    @Test
    void mirrorsEveryRowOfEveryChannel() {
        ImageShape shape = new ImageShape(3, 2, 3);
        float[] image = TestImages.levels(
                1, 2, 3, 4, 5, 6,
                7, 8, 9, 10, 11, 12,
                13, 14, 15, 16, 17, 18);
        float[] expected = TestImages.levels(
                3, 2, 1, 6, 5, 4,
                9, 8, 7, 12, 11, 10,
                15, 14, 13, 18, 17, 16);
        assertArrayEquals(expected, new HorizontalFlip(1.0).apply(image, shape, RANDOM));
    }

    @Test
    void probabilityZeroCopies() {
        float[] image = TestImages.random(TestImages.RGB_32, 1);
        assertArrayEquals(image, new HorizontalFlip(0.0).apply(image, TestImages.RGB_32, RANDOM));
    }

    @Test
    void flippingTwiceGivesTheImageBack() {
        HorizontalFlip flip = new HorizontalFlip(1.0);
        for (ImageShape shape : TestImages.trainingShapes().toList()) {
            float[] image = TestImages.random(shape, 2);
            float[] once = flip.apply(image, shape, RANDOM);
            assertFalse(Arrays.equals(image, once), "a random image is not symmetric");
            assertArrayEquals(image, flip.apply(once, shape, RANDOM));
        }
    }

    @Test
    void defaultFlipsAboutHalfOfTheImages() {
        ImageShape shape = TestImages.GRAY_28;
        float[] image = TestImages.random(shape, 3);
        HorizontalFlip flip = new HorizontalFlip();
        assertEquals(0.5, flip.probability());
        SplittableRandom random = new SplittableRandom(21);
        int n = 4000;
        int unchanged = 0;
        for (int i = 0; i < n; i++) {
            if (Arrays.equals(image, flip.apply(image, shape, random))) {
                unchanged++;
            }
        }
        // Binomial(4000, 0.5): standard deviation 0.0079 in share; 5 of them.
        assertEquals(0.5, unchanged / (double) n, 0.04);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.5, Double.NaN})
    void rejectsProbabilitiesOutsideTheUnitInterval(double probability) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(probability));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    }
}
