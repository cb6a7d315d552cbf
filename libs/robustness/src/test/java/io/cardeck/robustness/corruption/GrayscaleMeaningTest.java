package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a corruption means on a gray image, checked against the same corruption of that image
 * repeated in three channels, with the same seed.
 */
class GrayscaleMeaningTest {

    private static final ImageShape GRAY = new ImageShape(1, 28, 28);
    private static final ImageShape RGB = new ImageShape(3, 28, 28);

    /** Geometric, blur and global operations, and those whose colour formula is the identity on gray. */
    private static final List<String> SAME_AS_EQUAL_CHANNELS = List.of("gaussian_blur", "glass_blur", "defocus_blur",
            "motion_blur", "zoom_blur", "snow", "fog", "brightness", "contrast", "elastic_transform", "pixelate");

    @Test
    void grayResultEqualsEachChannelOfTheGrayImageInRgb() {
        float[] gray = TestImages.fashionMnist(4)[3];
        float[] rgb = TestImages.grayAsRgb(gray);
        int plane = gray.length;
        for (String name : SAME_AS_EQUAL_CHANNELS) {
            Corruption corruption = Corruptions.byName(name);
            for (int severity = 1; severity <= 5; severity++) {
                float[] fromGray = corruption.apply(gray, GRAY, severity, new SplittableRandom(7));
                float[] fromRgb = corruption.apply(rgb, RGB, severity, new SplittableRandom(7));
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < plane; i++) {
                        assertEquals(fromRgb[c * plane + i], fromGray[i], 2e-6, name + " s" + severity + " channel " + c + " at " + i);
                    }
                }
            }
        }
    }

    /** Frost and spatter add colours; on gray images they add the colours' BT.601 luminance. */
    @Test
    void frostAndSpatterAddTheLuminanceOfTheirColours() {
        // A dark image, so that nothing clips: the luminance of the RGB result is then the gray result.
        float[] gray = TestImages.fashionMnist(5)[4];
        for (int i = 0; i < gray.length; i++) {
            gray[i] *= 0.5f;
        }
        float[] rgb = TestImages.grayAsRgb(gray);
        int plane = gray.length;
        for (String name : List.of("frost", "spatter")) {
            Corruption corruption = Corruptions.byName(name);
            for (int severity = 1; severity <= 5; severity++) {
                float[] fromGray = corruption.apply(gray, GRAY, severity, new SplittableRandom(11));
                float[] fromRgb = corruption.apply(rgb, RGB, severity, new SplittableRandom(11));
                for (int i = 0; i < plane; i++) {
                    double luminance = 0.299 * fromRgb[i] + 0.587 * fromRgb[plane + i] + 0.114 * fromRgb[2 * plane + i];
                    assertEquals(luminance, fromGray[i], 2e-6, name + " s" + severity + " at " + i);
                }
            }
        }
    }
}
