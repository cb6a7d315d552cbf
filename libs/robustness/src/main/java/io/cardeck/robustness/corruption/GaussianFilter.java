package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * scipy.ndimage.gaussian_filter (which skimage.filters.gaussian calls): a separable sampled Gaussian
 * of radius {@code int(truncate * sigma + 0.5)}, normalised to sum 1; sigma near 0 is the identity.
 */
final class GaussianFilter {

    /** scipy's and skimage's default truncation, in standard deviations. */
    static final double DEFAULT_TRUNCATE = 4.0;

    private static final double IDENTITY_SIGMA = 1e-15;

    private record KernelKey(double sigma, double truncate) {
    }

    private static final Map<KernelKey, float[]> KERNELS = new ConcurrentHashMap<>();

    private GaussianFilter() {
    }

    static float[] kernel(double sigma, double truncate) {
        return KERNELS.computeIfAbsent(new KernelKey(sigma, truncate), key -> {
            int radius = (int) (key.truncate() * key.sigma() + 0.5);
            double[] weights = new double[2 * radius + 1];
            double sum = 0;
            for (int i = -radius; i <= radius; i++) {
                weights[i + radius] = Math.exp(-0.5 * i * i / (key.sigma() * key.sigma()));
                sum += weights[i + radius];
            }
            float[] kernel = new float[weights.length];
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] = (float) (weights[i] / sum);
            }
            return kernel;
        });
    }

    /** Filters one plane; {@code work} holds at least {@code h * w} values. */
    static void plane(float[] src, int srcOffset, float[] dst, int dstOffset, int h, int w,
                      double sigma, double truncate, BorderMode border, float[] work) {
        if (sigma < IDENTITY_SIGMA) {
            System.arraycopy(src, srcOffset, dst, dstOffset, h * w);
            return;
        }
        Convolution.separable(src, srcOffset, dst, dstOffset, h, w, kernel(sigma, truncate), border, work);
    }

    /** Filters every channel of a CHW image with scipy's defaults ('nearest' border, truncate 4). */
    static void image(float[] src, float[] dst, ImageShape shape, double sigma, float[] work) {
        int plane = shape.height() * shape.width();
        for (int c = 0; c < shape.channels(); c++) {
            plane(src, c * plane, dst, c * plane, shape.height(), shape.width(), sigma, DEFAULT_TRUNCATE,
                    BorderMode.NEAREST, work);
        }
    }
}
