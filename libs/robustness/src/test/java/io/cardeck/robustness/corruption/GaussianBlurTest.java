package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** gaussian_blur against a direct 2-D convolution with a sampled Gaussian ('nearest' border, truncate 4 sigma). */
class GaussianBlurTest {

    private static final double[] SIGMA = {0.4, 0.6, 0.7, 0.8, 1.0};

    private static float[] direct(float[] image, ImageShape shape, double sigma) {
        int h = shape.height();
        int w = shape.width();
        int radius = (int) (4 * sigma + 0.5);
        double total = 0;
        for (int i = -radius; i <= radius; i++) {
            for (int j = -radius; j <= radius; j++) {
                total += Math.exp(-(i * i + j * j) / (2 * sigma * sigma));
            }
        }
        float[] out = new float[image.length];
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int i = -radius; i <= radius; i++) {
                        for (int j = -radius; j <= radius; j++) {
                            int sy = Math.min(h - 1, Math.max(0, y + i));
                            int sx = Math.min(w - 1, Math.max(0, x + j));
                            sum += Math.exp(-(i * i + j * j) / (2 * sigma * sigma)) / total * image[c * h * w + sy * w + sx];
                        }
                    }
                    out[c * h * w + y * w + x] = (float) sum;
                }
            }
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-6, "value " + i);
        }
    }

    @Test
    void equalsTheDirectConvolutionAtThirtyTwoPixels() {
        ImageShape shape = new ImageShape(3, 32, 32);
        float[] image = TestImages.synthetic(shape, 21);
        for (int severity = 1; severity <= 5; severity++) {
            assertClose(direct(image, shape, SIGMA[severity - 1]),
                    new GaussianBlur().apply(image, shape, severity, new SplittableRandom(0)));
        }
    }

    @Test
    void scalesSigmaByTheSmallerSideOverThirtyTwo() {
        ImageShape fashion = TestImages.FASHION_MNIST;
        float[] image = TestImages.fashionMnist(2)[1];
        assertClose(direct(image, fashion, 1.0 * 28 / 32), new GaussianBlur().apply(image, fashion, 5, new SplittableRandom(0)));

        ImageShape wide = new ImageShape(1, 20, 24);
        float[] other = TestImages.synthetic(wide, 2);
        assertClose(direct(other, wide, 0.8 * 20 / 32), new GaussianBlur().apply(other, wide, 4, new SplittableRandom(0)));
    }
}
