package io.cardeck.bench;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.Uint8ImageDataset;
import java.util.Arrays;

/**
 * Turns 28x28 gray images (Fashion-MNIST) into CIFAR-10-shaped 3x32x32 ones: 2 pixels of 0 on every
 * side, the gray copied into the three channels. Deterministic, so every benchmark of 3x32x32 images
 * sees the same pixels without a CIFAR-10 download.
 */
final class PaddedRgb {

    static final ImageShape GRAY = new ImageShape(1, 28, 28);
    static final ImageShape RGB = new ImageShape(3, 32, 32);
    static final int BORDER = (RGB.height() - GRAY.height()) / 2;

    private PaddedRgb() {
    }

    /** The padded image of {@code gray} (CHW bytes of one 1x28x28 image) into {@code target} (3x32x32 CHW) at {@code offset}. */
    static void pad(byte[] gray, int grayOffset, byte[] target, int offset) {
        int plane = RGB.height() * RGB.width();
        Arrays.fill(target, offset, offset + RGB.size(), (byte) 0);
        for (int c = 0; c < RGB.channels(); c++) {
            for (int y = 0; y < GRAY.height(); y++) {
                System.arraycopy(gray, grayOffset + y * GRAY.width(), target,
                        offset + c * plane + (y + BORDER) * RGB.width() + BORDER, GRAY.width());
            }
        }
    }

    /** The first {@code count} images of {@code gray} padded to 3x32x32, in memory, with the same labels. */
    static Uint8ImageDataset of(ImageDataset gray, int count) {
        requireGray(gray);
        if (count < 1 || count > gray.size()) {
            throw new IllegalArgumentException("cannot take " + count + " images of " + gray.name() + ", which holds "
                    + gray.size() + "; accepted 1.." + gray.size());
        }
        byte[] source = new byte[GRAY.size()];
        byte[] pixels = new byte[Math.multiplyExact(count, RGB.size())];
        for (int i = 0; i < count; i++) {
            gray.readPixels(i, source, 0);
            pad(source, 0, pixels, i * RGB.size());
        }
        return Uint8ImageDataset.ofPixels(gray.name() + "-rgb32", RGB, PixelLayout.CHW, pixels,
                gray.labels(0, count), gray.classNames());
    }

    static void requireGray(ImageDataset dataset) {
        if (!dataset.shape().equals(GRAY)) {
            throw new IllegalArgumentException(dataset.name() + " has images of " + dataset.shape()
                    + " (CxHxW); padding to " + RGB + " accepts " + GRAY + " images (Fashion-MNIST, MNIST)");
        }
    }
}
