package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomCropTest {

    @Test
    void cropOfAConstantImageHasZerosOnlyInABorderBandOfWidthPad() {
        int pad = 3;
        RandomCrop crop = new RandomCrop(pad);
        SplittableRandom random = new SplittableRandom(8);
        for (ImageShape shape : TestImages.trainingShapes().toList()) {
            float[] image = TestImages.constant(shape, 0.6f);
            int h = shape.height();
            int w = shape.width();
            boolean sawZeros = false;
            for (int n = 0; n < 50; n++) {
                float[] out = crop.apply(image, shape, random);
                for (int c = 0; c < shape.channels(); c++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            float v = out[(c * h + i) * w + j];
                            boolean border = i < pad || i >= h - pad || j < pad || j >= w - pad;
                            assertTrue(v == 0.6f || (v == 0f && border), "value " + v + " at " + i + "," + j);
                            sawZeros |= v == 0f;
                        }
                    }
                }
            }
            assertTrue(sawZeros, "50 crops never moved the image");
        }
    }

    @Test
    void isAShiftByAtMostPadWithZerosComingInAndEveryShiftOccurs() {
        int pad = 2;
        ImageShape shape = new ImageShape(3, 7, 9);
        float[] image = new float[shape.size()];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i + 1) / (float) image.length; // distinct and non-zero: the shift is recoverable
        }
        RandomCrop crop = new RandomCrop(pad);
        SplittableRandom random = new SplittableRandom(13);
        Set<String> shifts = new HashSet<>();
        for (int n = 0; n < 2000; n++) {
            float[] out = crop.apply(image, shape, random);
            int[] shift = findShift(image, out, shape, pad);
            shifts.add(shift[0] + "," + shift[1]);
            assertArrayEquals(TestImages.shifted(image, shape, shift[0], shift[1]), out);
        }
        assertEquals((2 * pad + 1) * (2 * pad + 1), shifts.size(), "shifts seen: " + shifts);
    }

    @Test
    void padZeroIsTheIdentity() {
        float[] image = TestImages.random(TestImages.RGB_32, 1);
        assertArrayEquals(image, new RandomCrop(0).apply(image, TestImages.RGB_32, new SplittableRandom(1)));
    }

    @Test
    void aPadLargerThanTheImageStillGivesShiftedOrEmptyImages() {
        ImageShape shape = new ImageShape(1, 2, 2);
        float[] image = TestImages.of(0.1f, 0.2f, 0.3f, 0.4f);
        SplittableRandom random = new SplittableRandom(2);
        for (int n = 0; n < 200; n++) {
            float[] out = new RandomCrop(5).apply(image, shape, random);
            int[] shift = findShift(image, out, shape, 5);
            assertArrayEquals(TestImages.shifted(image, shape, shift[0], shift[1]), out);
        }
    }

    @Test
    void standardPadIsTwoFor28PixelsAndFourFor32() {
        assertEquals(2, RandomCrop.standardPad(TestImages.GRAY_28));
        assertEquals(4, RandomCrop.standardPad(TestImages.RGB_32));
        assertEquals(8, RandomCrop.standardPad(new ImageShape(3, 64, 64)));
        assertEquals(2, RandomCrop.standardPad(new ImageShape(3, 28, 64)), "the smaller side decides");
    }

    @Test
    void scaledCropShiftsByAtMostTheStandardPad() {
        RandomCrop crop = RandomCrop.scaledToImage();
        SplittableRandom random = new SplittableRandom(5);
        for (ImageShape shape : TestImages.trainingShapes().toList()) {
            int pad = RandomCrop.standardPad(shape);
            float[] image = new float[shape.size()];
            for (int i = 0; i < image.length; i++) {
                image[i] = (i + 1) / (float) image.length;
            }
            int largest = 0;
            for (int n = 0; n < 300; n++) {
                int[] shift = findShift(image, crop.apply(image, shape, random), shape, pad);
                largest = Math.max(largest, Math.max(Math.abs(shift[0]), Math.abs(shift[1])));
            }
            assertEquals(pad, largest, shape.toString());
        }
    }

    @Test
    void rejectsNegativePads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomCrop(-1));
        assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
    }

    /** The (dy, dx) within [-pad, pad] for which out is the input shifted; fails when there is none. */
    private static int[] findShift(float[] image, float[] out, ImageShape shape, int pad) {
        for (int dy = -pad; dy <= pad; dy++) {
            for (int dx = -pad; dx <= pad; dx++) {
                if (Arrays.equals(TestImages.shifted(image, shape, dy, dx), out)) {
                    return new int[] {dy, dx};
                }
            }
        }
        throw new AssertionError("output is no shift of the input by at most " + pad);
    }
}
