package io.cardeck.bench;

import io.cardeck.data.ClassNames;
import io.cardeck.data.ImageShape;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.Uint8ImageDataset;

/** Small 1x28x28 datasets with a known value at every pixel, for the tests. */
final class GrayImages {

    private GrayImages() {
    }

    /** Pixel (y, x) of image {@code index}: never 0, so padding stands out. */
    static int value(int index, int y, int x) {
        return (index * 7 + y * 28 + x) % 253 + 1;
    }

    /** {@code count} images; image i has label (3 i + 1) mod 10. */
    static Uint8ImageDataset of(String name, int count) {
        byte[] pixels = new byte[count * 784];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (3 * i + 1) % 10;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    pixels[i * 784 + y * 28 + x] = (byte) value(i, y, x);
                }
            }
        }
        return Uint8ImageDataset.ofPixels(name, new ImageShape(1, 28, 28), PixelLayout.CHW, pixels, labels,
                ClassNames.FASHION_MNIST);
    }

    /** The expected 3x32x32 pixel (c, y, x) of image {@code index} after padding, by the definition. */
    static int padded(int index, int y, int x) {
        boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
        return inside ? value(index, y - 2, x - 2) : 0;
    }
}
