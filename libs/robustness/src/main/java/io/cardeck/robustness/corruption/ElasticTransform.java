package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * elastic_transform: a random affine map, then a smooth random displacement field (after Simard et
 * al., as in the generator):
 * <ol>
 *   <li>three points around the centre, {@code (c + d, c + d), (c + d, c - d), (c - d, c - d)} with
 *       {@code d = smaller side // 3}, each coordinate moved by U(-jitter, jitter); the image is
 *       warped by the affine map that moves them so (OpenCV warpAffine, bilinear, BORDER_REFLECT_101);</li>
 *   <li>dx and dy: U(-1, 1) per pixel, Gaussian-smoothed by {@code sigma} (scipy 'reflect' border,
 *       truncate 3), times {@code alpha}; the image is resampled bilinearly at (row + dy, column + dx)
 *       (scipy map_coordinates order 1, 'reflect' border).</li>
 * </ol>
 * alpha, sigma and jitter are the generator's fractions of the image size, written here in pixels
 * for 32 px and scaled by size/32.
 */
public final class ElasticTransform extends AbstractCorruption {

    private record Parameters(double alpha, double sigma, double jitter) {
        @Override
        public String toString() {
            return "alpha=" + number(alpha) + " sigma=" + number(sigma) + " affine_jitter=" + number(jitter) + " (px at 32)";
        }
    }

    private static final List<Parameters> SEVERITIES = List.of(
            new Parameters(0, 0, 2.56), new Parameters(1.6, 6.4, 2.24), new Parameters(2.56, 1.92, 1.92),
            new Parameters(3.2, 1.28, 1.6), new Parameters(3.2, 0.96, 0.96));

    private static final double FIELD_TRUNCATE = 3.0;

    public ElasticTransform() {
        super("elastic_transform", true, SEVERITIES.stream().map(Parameters::toString).toList());
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        Parameters p = SEVERITIES.get(severity - 1);
        double scale = sizeScale(shape);
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;

        double[] inverse = randomAffineInverse(h, w, p.jitter() * scale, random);
        float[] warped = new float[image.length];
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sx = inverse[0] * x + inverse[1] * y + inverse[2];
                    double sy = inverse[3] * x + inverse[4] * y + inverse[5];
                    warped[c * plane + y * w + x] =
                            BilinearResampler.sample(image, c * plane, h, w, sy, sx, BorderMode.REFLECT_101);
                }
            }
        }

        float[] work = new float[plane];
        float[] dx = displacement(h, w, p.alpha() * scale, p.sigma() * scale, random, work);
        float[] dy = displacement(h, w, p.alpha() * scale, p.sigma() * scale, random, work);
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    out[c * plane + i] = clip(BilinearResampler.sample(warped, c * plane, h, w,
                            y + dy[i], x + dx[i], BorderMode.REFLECT));
                }
            }
        }
    }

    /**
     * The affine map (a, b, c, d, e, f), source = (a x + b y + c, d x + e y + f), that takes the
     * jittered points back to the original ones: the inverse of the map that OpenCV warps with.
     */
    private static double[] randomAffineInverse(int h, int w, double jitter, SplittableRandom random) {
        double cx = w / 2;
        double cy = h / 2;
        double d = Math.max(1, Math.min(h, w) / 3);
        double[] original = {cx + d, cy + d, cx + d, cy - d, cx - d, cy - d};
        double[] moved = new double[6];
        for (int i = 0; i < 6; i++) {
            moved[i] = original[i] + random.nextDouble(-jitter, jitter);
        }
        return affineThrough(moved, original);
    }

    /** The affine map taking the three points {@code from} (x, y pairs) to {@code to}. */
    private static double[] affineThrough(double[] from, double[] to) {
        double x0 = from[0];
        double y0 = from[1];
        double x1 = from[2];
        double y1 = from[3];
        double x2 = from[4];
        double y2 = from[5];
        double det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
        double[] map = new double[6];
        for (int row = 0; row < 2; row++) {
            double u0 = to[row];
            double u1 = to[2 + row];
            double u2 = to[4 + row];
            map[3 * row] = (u0 * (y1 - y2) - y0 * (u1 - u2) + (u1 * y2 - u2 * y1)) / det;
            map[3 * row + 1] = (x0 * (u1 - u2) - u0 * (x1 - x2) + (x1 * u2 - x2 * u1)) / det;
            map[3 * row + 2] = (x0 * (y1 * u2 - y2 * u1) - y0 * (x1 * u2 - x2 * u1) + u0 * (x1 * y2 - x2 * y1)) / det;
        }
        return map;
    }

    private static float[] displacement(int h, int w, double alpha, double sigma, SplittableRandom random, float[] work) {
        float[] field = new float[h * w];
        for (int i = 0; i < field.length; i++) {
            field[i] = (float) random.nextDouble(-1, 1);
        }
        float[] smooth = new float[h * w];
        GaussianFilter.plane(field, 0, smooth, 0, h, w, sigma, FIELD_TRUNCATE, BorderMode.REFLECT, work);
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] *= (float) alpha;
        }
        return smooth;
    }
}
