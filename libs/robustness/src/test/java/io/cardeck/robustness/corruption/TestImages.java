package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/** Images for the tests: synthetic gradients with a disc, and real Fashion-MNIST test images. */
final class TestImages {

    static final Path FASHION_MNIST_TEST_IMAGES = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
    static final ImageShape FASHION_MNIST = new ImageShape(1, 28, 28);

    private TestImages() {
    }

    /**
     * A smooth per-channel gradient in [0.2, 0.8] with a disc of a saturated colour (or of a dark or
     * light gray on one channel); {@code seed} picks the directions, the disc and its colour.
     */
    static float[] synthetic(ImageShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int h = shape.height();
        int w = shape.width();
        float[] image = new float[shape.size()];
        double cy = random.nextDouble(h);
        double cx = random.nextDouble(w);
        double radius = random.nextDouble(2, Math.max(2.5, Math.min(h, w) / 3.0));
        int discChannel = random.nextInt(3);
        for (int c = 0; c < shape.channels(); c++) {
            double mix = random.nextDouble();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0.2 + 0.6 * (mix * x / Math.max(1, w - 1) + (1 - mix) * y / Math.max(1, h - 1));
                    if ((y - cy) * (y - cy) + (x - cx) * (x - cx) < radius * radius) {
                        v = c == discChannel % shape.channels() ? 0.9 : 0.1;
                    }
                    image[c * h * w + y * w + x] = (float) v;
                }
            }
        }
        return image;
    }

    /** A gray image repeated in three channels. */
    static float[] grayAsRgb(float[] gray) {
        float[] rgb = new float[3 * gray.length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(gray, 0, rgb, c * gray.length, gray.length);
        }
        return rgb;
    }

    /** The first {@code count} Fashion-MNIST test images as 1x28x28 in [0, 1], read from the gzip IDX file. */
    static float[][] fashionMnist(int count) {
        try (InputStream file = Files.newInputStream(FASHION_MNIST_TEST_IMAGES);
             DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(file)))) {
            int magic = in.readInt();
            int images = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (magic != 0x00000803 || rows != 28 || columns != 28 || images < count) {
                throw new IllegalStateException(FASHION_MNIST_TEST_IMAGES + " is not a 28x28 IDX image file with "
                        + count + " images (magic " + magic + ", " + images + " of " + rows + "x" + columns + ")");
            }
            float[][] out = new float[count][rows * columns];
            for (float[] image : out) {
                for (int i = 0; i < image.length; i++) {
                    image[i] = in.readUnsignedByte() / 255f;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(FASHION_MNIST_TEST_IMAGES.toString(), e);
        }
    }

    static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
