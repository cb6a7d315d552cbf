package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cardeck.data.ImageShape;
import org.junit.jupiter.api.Test;

/** Geometric operations against examples worked out by hand with Pillow's affine conventions. */
class AffineWarpTest {

    @Test
    void translationByWholePixelsIsAnExactShiftWithBlackComingIn() {
        for (ImageShape shape : TestImages.trainingShapes().toList()) {
            float[] image = TestImages.random(shape, 3);
            float[] out = new float[image.length];
            for (int[] d : new int[][] {{2, 0}, {-3, 0}, {0, 1}, {0, -2}, {1, -1}}) {
                AffineWarp.translate(image, out, shape, d[0], d[1]);
                assertArrayEquals(TestImages.shifted(image, shape, d[1], d[0]), out, "dx " + d[0] + " dy " + d[1]);
            }
        }
    }

    @Test
    void smallRotationKeepsTheCentrePixelOfAnOddSquareImage() {
        ImageShape shape = new ImageShape(3, 7, 7);
        float[] image = TestImages.random(shape, 4);
        float[] out = new float[image.length];
        for (double degrees : new double[] {1, -5, 8, 29}) {
            AffineWarp.rotate(image, out, shape, degrees);
            for (int c = 0; c < 3; c++) {
                int centre = c * 49 + 3 * 7 + 3;
                assertEquals(image[centre], out[centre], 1e-6f, degrees + " degrees, channel " + c);
            }
            assertNotEquals(image[0 * 49 + 1 * 7 + 3], out[0 * 49 + 1 * 7 + 3], "off-centre pixels move");
        }
        AffineWarp.rotate(image, out, shape, 0);
        assertArrayEquals(image, out);
    }

    @Test
    void quarterTurnIsCounterClockwise() {
        ImageShape shape = new ImageShape(1, 3, 3);
        float[] image = TestImages.levels(1, 2, 3, 4, 5, 6, 7, 8, 9);
        float[] out = new float[9];
        AffineWarp.rotate(image, out, shape, 90);
        // 1 2 3      3 6 9
        // 4 5 6  ->  2 5 8
        // 7 8 9      1 4 7
        assertArrayEquals(TestImages.levels(3, 6, 9, 2, 5, 8, 1, 4, 7), out, 1e-6f);
    }

    @Test
    void shearXSlidesRowsByFactorTimesTheirCentreHeight() {
        ImageShape shape = new ImageShape(1, 2, 3);
        float a = 0.1f, b = 0.2f, c = 0.4f, d = 0.5f, e = 0.7f, f = 0.9f;
        float[] out = new float[6];
        AffineWarp.shearX(TestImages.of(a, b, c, d, e, f), out, shape, 0.5);
        // Row 0 reads x + 0.25, row 1 reads x + 0.75; beyond the right edge is black, the last column clamps.
        float[] expected = {
                0.75f * a + 0.25f * b, 0.75f * b + 0.25f * c, c,
                0.25f * d + 0.75f * e, 0.25f * e + 0.75f * f, 0f};
        assertArrayEquals(expected, out, 1e-6f);
    }

    @Test
    void shearYSlidesColumnsByFactorTimesTheirCentreWidth() {
        ImageShape shape = new ImageShape(1, 3, 2);
        float a = 0.1f, b = 0.2f, c = 0.4f, d = 0.5f, e = 0.7f, f = 0.9f;
        float[] out = new float[6];
        AffineWarp.shearY(TestImages.of(a, b, c, d, e, f), out, shape, 0.5);
        float[] expected = {
                0.75f * a + 0.25f * c, 0.25f * b + 0.75f * d,
                0.75f * c + 0.25f * e, 0.25f * d + 0.75f * f,
                e, 0f};
        assertArrayEquals(expected, out, 1e-6f);
    }
}
