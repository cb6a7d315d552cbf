package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * defocus_blur: correlation (OpenCV filter2D, BORDER_REFLECT_101) with the generator's disk kernel:
 * on the grid -8..8, the pixels with {@code x^2 + y^2 <= radius^2}, normalised, then smoothed by a
 * 3x3 Gaussian of {@code alias_sigma} (OpenCV GaussianBlur). Exactly that kernel at 32 px. For other
 * sizes the kernel is resampled by size/32 (bilinear, zero outside, renormalised) rather than
 * rebuilt with a scaled radius, because the pixel-quantised disk jumps with the radius (at 28 px the
 * severity 4 disk of radius 0.875 would be a single pixel, weaker than severity 3).
 */
public final class DefocusBlur extends AbstractCorruption {

    private record Parameters(double radius, double aliasSigma) {
        @Override
        public String toString() {
            return "radius=" + number(radius) + " alias_sigma=" + number(aliasSigma);
        }
    }

    private record KernelKey(int severity, double scale) {
    }

    private static final List<Parameters> SEVERITIES = List.of(
            new Parameters(0.3, 0.4), new Parameters(0.4, 0.5), new Parameters(0.5, 0.6),
            new Parameters(1, 0.2), new Parameters(1.5, 0.1));

    /** The generator's disk grid is -8..8 for every radius up to 8 (all published radii are). */
    private static final int DISK_HALF = 8;

    private final Map<KernelKey, Kernel2D> kernels = new ConcurrentHashMap<>();

    public DefocusBlur() {
        super("defocus_blur", true, SEVERITIES.stream().map(Parameters::toString).toList());
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        Kernel2D kernel = kernel(severity, sizeScale(shape));
        int h = shape.height();
        int w = shape.width();
        for (int c = 0; c < shape.channels(); c++) {
            Convolution.correlate(image, c * h * w, out, c * h * w, h, w, kernel, BorderMode.REFLECT_101);
        }
        clipAll(out);
    }

    Kernel2D kernel(int severity, double scale) {
        return kernels.computeIfAbsent(new KernelKey(severity, scale), key -> {
            Parameters p = SEVERITIES.get(key.severity() - 1);
            Kernel2D disk = disk(p.radius(), p.aliasSigma());
            return key.scale() == 1.0 ? disk : resample(disk, key.scale());
        });
    }

    private static Kernel2D disk(double radius, double aliasSigma) {
        int side = 2 * DISK_HALF + 1;
        float[] aliased = new float[side * side];
        int inside = 0;
        for (int y = -DISK_HALF; y <= DISK_HALF; y++) {
            for (int x = -DISK_HALF; x <= DISK_HALF; x++) {
                if (x * x + y * y <= radius * radius) {
                    aliased[(y + DISK_HALF) * side + x + DISK_HALF] = 1f;
                    inside++;
                }
            }
        }
        for (int i = 0; i < aliased.length; i++) {
            aliased[i] /= inside;
        }
        // OpenCV's getGaussianKernel(3, sigma): exp(-x^2 / (2 sigma^2)) at x = -1, 0, 1, normalised.
        double edge = Math.exp(-1.0 / (2 * aliasSigma * aliasSigma));
        float[] smoothing = {(float) (edge / (1 + 2 * edge)), (float) (1 / (1 + 2 * edge)), (float) (edge / (1 + 2 * edge))};
        float[] smoothed = new float[aliased.length];
        Convolution.separable(aliased, 0, smoothed, 0, side, side, smoothing, BorderMode.REFLECT_101, new float[aliased.length]);
        return trim(smoothed, side);
    }

    /** Drops the all-zero outer rings of a centred square kernel. */
    private static Kernel2D trim(float[] weights, int side) {
        int half = side / 2;
        int keep = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (weights[y * side + x] != 0f) {
                    keep = Math.max(keep, Math.max(Math.abs(y - half), Math.abs(x - half)));
                }
            }
        }
        int trimmed = 2 * keep + 1;
        float[] out = new float[trimmed * trimmed];
        for (int y = 0; y < trimmed; y++) {
            System.arraycopy(weights, (y + half - keep) * side + half - keep, out, y * trimmed, trimmed);
        }
        return new Kernel2D(trimmed, trimmed, out);
    }

    /** The kernel stretched by {@code scale}: k'(i, j) = k(i / scale, j / scale), bilinear with zeros outside. */
    private static Kernel2D resample(Kernel2D kernel, double scale) {
        int half = kernel.height() / 2;
        int newHalf = Math.max(0, (int) Math.ceil((half + 1) * scale) - 1);
        int side = 2 * newHalf + 1;
        double[] raw = new double[side * side];
        double sum = 0;
        for (int y = -newHalf; y <= newHalf; y++) {
            for (int x = -newHalf; x <= newHalf; x++) {
                double v = bilinearWithZeros(kernel, y / scale + half, x / scale + half);
                raw[(y + newHalf) * side + x + newHalf] = v;
                sum += v;
            }
        }
        float[] weights = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            weights[i] = (float) (raw[i] / sum);
        }
        return new Kernel2D(side, side, weights);
    }

    private static double bilinearWithZeros(Kernel2D kernel, double y, double x) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double ty = y - y0;
        double tx = x - x0;
        return (1 - ty) * ((1 - tx) * at(kernel, y0, x0) + tx * at(kernel, y0, x0 + 1))
                + ty * ((1 - tx) * at(kernel, y0 + 1, x0) + tx * at(kernel, y0 + 1, x0 + 1));
    }

    private static double at(Kernel2D kernel, int y, int x) {
        return y < 0 || x < 0 || y >= kernel.height() || x >= kernel.width() ? 0 : kernel.weight(y, x);
    }
}
