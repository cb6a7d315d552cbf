package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DefocusBlurTest {

    private static final double[][] PARAMETERS = {{0.3, 0.4}, {0.4, 0.5}, {0.5, 0.6}, {1, 0.2}, {1.5, 0.1}};

    /** The generator's kernel written out directly: a 17x17 disk, normalised, then a 3x3 Gaussian blur. */
    private static double[][] generatorKernel(double radius, double aliasSigma) {
        double[][] disk = new double[17][17];
        int count = 0;
        for (int y = -8; y <= 8; y++) {
            for (int x = -8; x <= 8; x++) {
                if (x * x + y * y <= radius * radius) {
                    disk[y + 8][x + 8] = 1;
                    count++;
                }
            }
        }
        double[] g = new double[3];
        for (int i = -1; i <= 1; i++) {
            g[i + 1] = Math.exp(-i * i / (2 * aliasSigma * aliasSigma));
        }
        double gSum = g[0] + g[1] + g[2];
        double[][] kernel = new double[17][17];
        for (int y = 1; y < 16; y++) {
            for (int x = 1; x < 16; x++) {
                for (int i = -1; i <= 1; i++) {
                    for (int j = -1; j <= 1; j++) {
                        kernel[y][x] += g[i + 1] * g[j + 1] / (gSum * gSum) * disk[y + i][x + j] / count;
                    }
                }
            }
        }
        return kernel;
    }

    /** OpenCV's BORDER_REFLECT_101 (dcb|abcd|cba). */
    private static int mirror(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
    }

    @Test
    void equalsFilter2DWithTheGeneratorsDiskAtThirtyTwoPixels() {
        ImageShape shape = new ImageShape(3, 32, 32);
        float[] image = TestImages.synthetic(shape, 8);
        for (int severity = 1; severity <= 5; severity++) {
            double[][] kernel = generatorKernel(PARAMETERS[severity - 1][0], PARAMETERS[severity - 1][1]);
            float[] out = new DefocusBlur().apply(image, shape, severity, new SplittableRandom(0));
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        double sum = 0;
                        for (int i = -8; i <= 8; i++) {
                            for (int j = -8; j <= 8; j++) {
                                sum += kernel[i + 8][j + 8] * image[c * 1024 + mirror(y + i, 32) * 32 + mirror(x + j, 32)];
                            }
                        }
                        assertEquals(sum, out[c * 1024 + y * 32 + x], 2e-6, "s" + severity + " at " + c + "," + y + "," + x);
                    }
                }
            }
        }
    }

    @Test
    void severitiesOneToThreeAreOnlyTheAliasBlurAndFiveIsAThreeByThreeDisk() {
        DefocusBlur defocus = new DefocusBlur();
        assertEquals(3, defocus.kernel(1, 1.0).height());
        Kernel2D five = defocus.kernel(5, 1.0);
        assertEquals(5, five.height());
        // radius 1.5 covers the 3x3 block; the 0.1 alias blur leaves it practically untouched.
        assertEquals(1 / 9.0, five.weight(2, 2), 1e-6);
        assertEquals(1 / 9.0, five.weight(1, 1), 1e-6);
        assertEquals(0.0, five.weight(0, 0), 1e-12);
    }

    @Test
    void resampledKernelsForOtherSizesSumToOneAndKeepAConstantImage() {
        DefocusBlur defocus = new DefocusBlur();
        for (double scale : new double[] {28 / 32.0, 20 / 32.0, 2.0}) {
            for (int severity = 1; severity <= 5; severity++) {
                double sum = 0;
                for (float weight : defocus.kernel(severity, scale).weights()) {
                    sum += weight;
                }
                assertEquals(1.0, sum, 1e-5, "s" + severity + " at scale " + scale);
            }
        }
        float[] constant = new float[28 * 28];
        Arrays.fill(constant, 0.6f);
        float[] out = defocus.apply(constant, TestImages.FASHION_MNIST, 4, new SplittableRandom(0));
        for (float v : out) {
            assertEquals(0.6f, v, 1e-5);
        }
    }
}
