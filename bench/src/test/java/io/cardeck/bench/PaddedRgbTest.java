package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ClassNames;
import io.cardeck.data.ImageShape;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.Uint8ImageDataset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PaddedRgbTest {

    @Test
    void padsWithTwoZeroPixelsAndCopiesTheGrayIntoEachChannel() {
        Uint8ImageDataset rgb = PaddedRgb.of(GrayImages.of("gray", 3), 3);

        assertEquals(new ImageShape(3, 32, 32), rgb.shape());
        byte[] pixels = new byte[3072];
        for (int i = 0; i < 3; i++) {
            rgb.readPixels(i, pixels, 0);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        assertEquals(GrayImages.padded(i, y, x), pixels[c * 1024 + y * 32 + x] & 0xFF,
                                "image " + i + " channel " + c + " at " + y + "," + x);
                    }
                }
            }
        }
        assertArrayEquals(new int[] {1, 4, 7}, rgb.labels(0, 3));
        assertEquals(ClassNames.FASHION_MNIST, rgb.classNames());
    }

    @Test
    void overwritesWhatTheTargetHeld() {
        byte[] gray = new byte[784];
        byte[] target = new byte[2 + 3072];
        Arrays.fill(target, (byte) 9);

        PaddedRgb.pad(gray, 0, target, 2);

        assertEquals(9, target[1]);
        for (int i = 2; i < target.length; i++) {
            assertEquals(0, target[i]);
        }
    }

    @Test
    void takesOnlyTheFirstImagesAsked() {
        assertEquals(2, PaddedRgb.of(GrayImages.of("gray", 5), 2).size());
    }

    @Test
    void rejectsImagesThatAreNotGray28x28() {
        Uint8ImageDataset rgb = Uint8ImageDataset.ofPixels("rgb", new ImageShape(3, 28, 28), PixelLayout.CHW,
                new byte[3 * 784], new int[] {0}, ClassNames.FASHION_MNIST);
        Uint8ImageDataset small = Uint8ImageDataset.ofPixels("small", new ImageShape(1, 20, 20), PixelLayout.CHW,
                new byte[400], new int[] {0}, ClassNames.FASHION_MNIST);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> PaddedRgb.of(rgb, 1)).getMessage()
                .contains("rgb has images of 3x28x28 (CxHxW); padding to 3x32x32 accepts 1x28x28"));
        assertThrows(IllegalArgumentException.class, () -> PaddedRgb.of(small, 1));
    }

    @Test
    void rejectsCountsOutsideTheDataset() {
        Uint8ImageDataset gray = GrayImages.of("gray", 2);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> PaddedRgb.of(gray, 3)).getMessage()
                .contains("cannot take 3 images of gray, which holds 2; accepted 1..2"));
        assertThrows(IllegalArgumentException.class, () -> PaddedRgb.of(gray, 0));
    }
}
