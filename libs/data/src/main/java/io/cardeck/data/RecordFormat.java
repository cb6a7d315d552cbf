package io.cardeck.data;

import java.util.Objects;

/**
 * Where the pixels of each image sit in storage: fixed-size records of {@code stride} bytes, the
 * pixels starting {@code pixelOffset} bytes into a record, in {@code layout} order. CIFAR-10 binary
 * batches are {@code (CHW, 3073, 1)}: one label byte, then the pixels.
 */
public record RecordFormat(PixelLayout layout, int stride, int pixelOffset) {

    public RecordFormat {
        Objects.requireNonNull(layout, "layout");
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be positive, got " + stride);
        }
        if (pixelOffset < 0 || pixelOffset >= stride) {
            throw new IllegalArgumentException("pixelOffset must be in 0.." + (stride - 1) + ", got " + pixelOffset);
        }
    }

    /** Images stored back to back with nothing between them. */
    public static RecordFormat packed(PixelLayout layout, ImageShape shape) {
        return new RecordFormat(layout, shape.size(), 0);
    }
}
