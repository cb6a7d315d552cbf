package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * Pads the image with {@code pad} pixels of zeros on every side and crops it back to its size at a
 * uniformly random offset, i.e. shifts it by dy, dx in [-pad, pad] and fills what comes in with 0
 * (torchvision's {@code RandomCrop(size, padding=pad)} with its default zero fill).
 */
public final class RandomCrop extends AbstractAugmentation {

    private final ToIntFunction<ImageShape> padForShape;

    /** A crop with a fixed pad (>= 0) in pixels for every image size. */
    public RandomCrop(int pad) {
        this(checkedPad(pad));
    }

    private RandomCrop(ToIntFunction<ImageShape> padForShape) {
        super("random_crop");
        this.padForShape = padForShape;
    }

    /** The crop of cardeck's training domains: its pad follows the image size, see {@link #standardPad}. */
    public static RandomCrop scaledToImage() {
        return new RandomCrop(RandomCrop::standardPad);
    }

    /**
     * One eighth of the smaller side rounded down to an even number of pixels: 4 for 32 px (the
     * CIFAR-10 convention), 2 for 28 px (Fashion-MNIST: 28 + 2 * 2 = 32), 8 for 64 px.
     */
    public static int standardPad(ImageShape shape) {
        return 2 * (Math.min(shape.height(), shape.width()) / 16);
    }

    private static ToIntFunction<ImageShape> checkedPad(int pad) {
        if (pad < 0) {
            throw new IllegalArgumentException("random_crop: pad must be >= 0 pixels, got " + pad);
        }
        return shape -> pad;
    }

    @Override
    void transform(float[] image, ImageShape shape, SplittableRandom random, float[] out, int offset) {
        int pad = padForShape.applyAsInt(shape);
        // Top offset first, then left, as torchvision draws them.
        int dy = random.nextInt(2 * pad + 1) - pad;
        int dx = random.nextInt(2 * pad + 1) - pad;
        int h = shape.height();
        int w = shape.width();
        // Output column j reads input column j + dx; the copied run is [firstCol, endCol).
        int firstCol = Math.max(0, -dx);
        int endCol = Math.min(w, w - dx);
        for (int c = 0; c < shape.channels(); c++) {
            int plane = c * h * w;
            for (int i = 0; i < h; i++) {
                int row = offset + plane + i * w;
                int sourceRow = i + dy;
                if (sourceRow < 0 || sourceRow >= h || firstCol >= endCol) {
                    Arrays.fill(out, row, row + w, 0f);
                    continue;
                }
                Arrays.fill(out, row, row + firstCol, 0f);
                System.arraycopy(image, plane + sourceRow * w + firstCol + dx, out, row + firstCol, endCol - firstCol);
                Arrays.fill(out, row + endCol, row + w, 0f);
            }
        }
    }
}
