package io.cardeck.trainer;

import java.util.Objects;

/**
 * Training images and their labels. The images are NCHW floats, view after view: with
 * {@code views} = 3 (consistency loss), rows 0..n-1 are the clean view, n..2n-1 and 2n..3n-1 the
 * augmented ones. Arrays may be longer than needed (reused buffers); only the first rows count.
 *
 * @param images at least {@code views * size} images
 * @param labels at least {@code size} labels
 */
public record Batch(float[] images, int[] labels, int size, int views) {

    public Batch {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (size < 1 || labels.length < size) {
            throw new IllegalArgumentException("a batch of " + size + " examples needs as many labels, got "
                    + labels.length);
        }
        if (views < 1) {
            throw new IllegalArgumentException("views must be >= 1, got " + views);
        }
    }

    /** A batch of one view. */
    public static Batch of(float[] images, int[] labels) {
        return new Batch(images, labels, labels.length, 1);
    }

    /** Images the model sees: {@code views * size}. */
    public int rows() {
        return views * size;
    }
}
