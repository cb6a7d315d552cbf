package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/** Validation of the arguments every augmentation receives, with messages that name the augmentation. */
final class InputImage {

    private InputImage() {
    }

    /** The image has {@code shape.size()} values, all in [0, 1]; nothing is null. */
    static void check(String augmentation, float[] image, ImageShape shape, SplittableRandom random) {
        requireNonNull(image, augmentation, "image");
        requireNonNull(shape, augmentation, "shape");
        requireNonNull(random, augmentation, "random");
        if (image.length != shape.size()) {
            throw new IllegalArgumentException(augmentation + ": image has " + image.length + " values but shape "
                    + shape + " (CHW) needs " + shape.size());
        }
        for (int i = 0; i < image.length; i++) {
            if (!(image[i] >= 0f && image[i] <= 1f)) {
                throw new IllegalArgumentException(augmentation + ": image value " + image[i] + " at index " + i
                        + " is outside [0, 1]");
            }
        }
    }

    /** {@code out} is another array than {@code image} with room for one image from {@code offset}. */
    static void checkTarget(String augmentation, float[] image, ImageShape shape, float[] out, int offset) {
        requireNonNull(out, augmentation, "output array");
        requireNonNull(shape, augmentation, "shape");
        if (out == image) {
            throw new IllegalArgumentException(augmentation + ": output array must not be the input image");
        }
        if (out.length < shape.size()) {
            throw new IllegalArgumentException(augmentation + ": output array of length " + out.length
                    + " cannot hold a " + shape + " image (" + shape.size() + " values)");
        }
        if (offset < 0 || offset > out.length - shape.size()) {
            throw new IllegalArgumentException(augmentation + ": output offset " + offset + " leaves no room for a "
                    + shape + " image in an array of length " + out.length + "; accepted offsets: 0.."
                    + (out.length - shape.size()));
        }
    }

    /** Without a capturing lambda, which would be one allocation per image. */
    private static void requireNonNull(Object argument, String augmentation, String what) {
        if (argument == null) {
            throw new NullPointerException(augmentation + ": " + what + " is null");
        }
    }
}
