package io.cardeck.pruning;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.RecordFormat;
import io.cardeck.data.Uint8ImageDataset;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random uint8 images with random labels: known inputs for layer-wise tests on tiny models. */
public final class RandomImages {

    private RandomImages() {}

    public static ImageDataset of(ImageShape shape, int images, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[images * shape.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        int[] labels = new int[images];
        for (int i = 0; i < images; i++) {
            labels[i] = random.nextInt(classes);
        }
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(c -> "class" + c).toList();
        return new Uint8ImageDataset("random-" + seed, shape, RecordFormat.packed(PixelLayout.CHW, shape),
                List.of(ByteBuffer.wrap(pixels)), labels, names);
    }

    /** Calibration data over {@code images} random images, {@code heldOut} of them held out. */
    public static CalibrationData calibration(ImageShape shape, int images, int heldOut, long seed) {
        return CalibrationData.of("random", of(shape, images, 3, seed), seed, heldOut);
    }
}
