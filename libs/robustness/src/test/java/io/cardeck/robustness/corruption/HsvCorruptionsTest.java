package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ImageShape;
import java.awt.Color;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** brightness and saturate against java.awt.Color's independent HSB conversion, on 8-bit colours. */
class HsvCorruptionsTest {

    private static final ImageShape RGB = new ImageShape(3, 16, 16);
    private static final double[] BRIGHTNESS = {0.05, 0.1, 0.15, 0.2, 0.3};
    private static final double[][] SATURATE = {{0.3, 0}, {0.1, 0}, {1.5, 0}, {2, 0.1}, {2.5, 0.2}};
    /** awt rounds its result to 8 bits. */
    private static final double AWT_TOLERANCE = 0.5 / 255 + 1e-5;

    /** Random 8-bit colours, with some grays, blacks and whites and ties for the maximum. */
    private static float[] colours() {
        SplittableRandom random = new SplittableRandom(4);
        int plane = RGB.height() * RGB.width();
        float[] image = new float[RGB.size()];
        for (int p = 0; p < plane; p++) {
            int r = random.nextInt(256);
            int g = p % 7 == 0 ? r : random.nextInt(256);
            int b = p % 11 == 0 ? r : random.nextInt(256);
            if (p == 0) {
                r = g = b = 0;
            } else if (p == 1) {
                r = g = b = 255;
            }
            image[p] = r / 255f;
            image[plane + p] = g / 255f;
            image[2 * plane + p] = b / 255f;
        }
        return image;
    }

    private static void assertMatchesAwt(float[] image, float[] out, DoubleUnaryOperator saturation, DoubleUnaryOperator value) {
        int plane = RGB.height() * RGB.width();
        for (int p = 0; p < plane; p++) {
            int r = Math.round(image[p] * 255);
            int g = Math.round(image[plane + p] * 255);
            int b = Math.round(image[2 * plane + p] * 255);
            float[] hsb = Color.RGBtoHSB(r, g, b, null);
            double s = Math.min(1, Math.max(0, saturation.applyAsDouble(hsb[1])));
            double v = Math.min(1, Math.max(0, value.applyAsDouble(hsb[2])));
            int expected = Color.HSBtoRGB(hsb[0], (float) s, (float) v);
            String where = "pixel " + p + " rgb " + r + "," + g + "," + b;
            assertEquals(((expected >> 16) & 0xFF) / 255.0, out[p], AWT_TOLERANCE, where);
            assertEquals(((expected >> 8) & 0xFF) / 255.0, out[plane + p], AWT_TOLERANCE, where);
            assertEquals((expected & 0xFF) / 255.0, out[2 * plane + p], AWT_TOLERANCE, where);
        }
    }

    @Test
    void brightnessAddsToTheHsvValueOfRgbImages() {
        float[] image = colours();
        for (int severity = 1; severity <= 5; severity++) {
            double c = BRIGHTNESS[severity - 1];
            float[] out = new Brightness().apply(image, RGB, severity, new SplittableRandom(0));
            assertMatchesAwt(image, out, s -> s, v -> v + c);
        }
    }

    @Test
    void brightnessAddsToTheGrayLevelOfGrayImages() {
        ImageShape gray = new ImageShape(1, 28, 28);
        float[] image = TestImages.fashionMnist(1)[0];
        for (int severity = 1; severity <= 5; severity++) {
            float[] out = new Brightness().apply(image, gray, severity, new SplittableRandom(0));
            for (int i = 0; i < image.length; i++) {
                assertEquals(Math.min(1.0, image[i] + BRIGHTNESS[severity - 1]), out[i], 1e-6);
            }
        }
    }

    @Test
    void brightnessTurnsBlackIntoGrayOfTheShift() {
        float[] out = new Brightness().apply(new float[3], new ImageShape(3, 1, 1), 5, new SplittableRandom(0));
        assertArrayEquals(new float[] {0.3f, 0.3f, 0.3f}, out, 1e-7f);
    }

    @Test
    void saturateScalesAndShiftsTheHsvSaturation() {
        float[] image = colours();
        for (int severity = 1; severity <= 5; severity++) {
            double[] p = SATURATE[severity - 1];
            float[] out = new Saturate().apply(image, RGB, severity, new SplittableRandom(0));
            assertMatchesAwt(image, out, s -> s * p[0] + p[1], v -> v);
        }
    }

    @Test
    void saturateTintsGrayPixelsRedWhenItAddsSaturation() {
        // Gray has hue 0 (red) in skimage and awt alike: V stays, the other channels drop to V (1 - 0.2).
        float[] gray = {0.5f, 0.5f, 0.5f};
        float[] out = new Saturate().apply(gray, new ImageShape(3, 1, 1), 5, new SplittableRandom(0));
        assertArrayEquals(new float[] {0.5f, 0.4f, 0.4f}, out, 1e-6f);
    }

    @Test
    void saturateIsTheIdentityOnGrayImages() {
        float[] image = TestImages.fashionMnist(1)[0];
        for (int severity = 1; severity <= 5; severity++) {
            assertArrayEquals(image, new Saturate().apply(image, TestImages.FASHION_MNIST, severity, new SplittableRandom(0)));
        }
    }
}
