package io.cardeck.robustness.corruption;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ImageMagick's MotionBlurImage, which the generator calls through Wand: a one-sided line of
 * {@code 2 * ceil(radius) + 1} taps starting at the pixel itself, weighted by a half Gaussian
 * {@code exp(-i^2 / (2 sigma^2))} normalised to sum 1, tap i at the rounded offset
 * {@code (i cos(angle), i sin(angle))} (image y axis down), edge pixels repeated beyond the border.
 */
final class LinearMotionBlur {

    private record Key(double radius, double sigma) {
    }

    private static final Map<Key, LinearMotionBlur> CACHE = new ConcurrentHashMap<>();

    private final float[] weights;

    private LinearMotionBlur(double radius, double sigma) {
        int width = (int) (2.0 * Math.ceil(radius) + 1.0);
        double[] raw = new double[width];
        double sum = 0;
        for (int i = 0; i < width; i++) {
            raw[i] = Math.exp(-((double) i * i) / (2.0 * sigma * sigma));
            sum += raw[i];
        }
        weights = new float[width];
        for (int i = 0; i < width; i++) {
            weights[i] = (float) (raw[i] / sum);
        }
    }

    static LinearMotionBlur of(double radius, double sigma) {
        if (!(radius > 0) || !(sigma > 0)) {
            throw new IllegalArgumentException("motion blur needs radius > 0 and sigma > 0, got " + radius + ", " + sigma);
        }
        return CACHE.computeIfAbsent(new Key(radius, sigma), k -> new LinearMotionBlur(k.radius(), k.sigma()));
    }

    /** Tap offsets for {@code angleDegrees}, interleaved (dx0, dy0, dx1, dy1, ...), rounded as ImageMagick does. */
    int[] offsets(double angleDegrees) {
        int width = weights.length;
        double pointX = width * Math.sin(Math.toRadians(angleDegrees));
        double pointY = width * Math.cos(Math.toRadians(angleDegrees));
        double length = Math.hypot(pointX, pointY);
        int[] offsets = new int[2 * width];
        for (int i = 0; i < width; i++) {
            offsets[2 * i] = (int) Math.ceil(i * pointY / length - 0.5);
            offsets[2 * i + 1] = (int) Math.ceil(i * pointX / length - 0.5);
        }
        return offsets;
    }

    /** Blurs one plane along the taps of {@link #offsets}. */
    void plane(float[] src, int srcOffset, float[] dst, int dstOffset, int h, int w, int[] offsets) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float sum = 0f;
                for (int i = 0; i < weights.length; i++) {
                    int sy = Math.min(h - 1, Math.max(0, y + offsets[2 * i + 1]));
                    int sx = Math.min(w - 1, Math.max(0, x + offsets[2 * i]));
                    sum += weights[i] * src[srcOffset + sy * w + sx];
                }
                dst[dstOffset + y * w + x] = sum;
            }
        }
    }
}
