package io.cardeck.robustness.corruption;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pillow's {@code resize(..., BOX)}: separable, output pixel {@code o} of a scale {@code in/out} axis
 * averages the input pixels whose centres fall in {@code (c - s/2, c + s/2]} around
 * {@code c = (o + 0.5) * scale}, with {@code s = max(scale, 1)} (so upscaling picks the nearest
 * pixel). Bounds are rounded as Pillow's {@code precompute_coeffs} does. Computed in floating point,
 * without Pillow's 8-bit rounding between the two passes.
 */
final class BoxResampler {

    private record Key(int in, int out) {
    }

    /** Per output pixel: first input pixel, number of pixels, weights (stride {@code maxCount}). */
    private record Coefficients(int[] first, int[] count, float[] weights, int maxCount) {
    }

    private static final Map<Key, Coefficients> CACHE = new ConcurrentHashMap<>();

    private BoxResampler() {
    }

    private static Coefficients coefficients(int in, int out) {
        return CACHE.computeIfAbsent(new Key(in, out), key -> {
            double scale = (double) key.in() / key.out();
            double filterScale = Math.max(scale, 1.0);
            double support = 0.5 * filterScale;
            double inverseFilterScale = 1.0 / filterScale;
            int maxCount = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[key.out()];
            int[] count = new int[key.out()];
            float[] weights = new float[key.out() * maxCount];
            for (int o = 0; o < key.out(); o++) {
                double centre = (o + 0.5) * scale;
                int min = Math.max(0, (int) (centre - support + 0.5));
                int max = Math.min(key.in(), (int) (centre + support + 0.5));
                double total = 0;
                double[] raw = new double[max - min];
                for (int i = 0; i < raw.length; i++) {
                    double x = (i + min - centre + 0.5) * inverseFilterScale;
                    raw[i] = x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
                    total += raw[i];
                }
                first[o] = min;
                count[o] = raw.length;
                for (int i = 0; i < raw.length; i++) {
                    weights[o * maxCount + i] = total == 0 ? 0f : (float) (raw[i] / total);
                }
            }
            return new Coefficients(first, count, weights, maxCount);
        });
    }

    /** Resizes one plane; {@code work} holds at least {@code inHeight * outWidth} values. */
    static void resize(float[] src, int srcOffset, int inHeight, int inWidth,
                       float[] dst, int dstOffset, int outHeight, int outWidth, float[] work) {
        Coefficients horizontal = coefficients(inWidth, outWidth);
        for (int y = 0; y < inHeight; y++) {
            int row = srcOffset + y * inWidth;
            for (int x = 0; x < outWidth; x++) {
                float sum = 0f;
                int base = x * horizontal.maxCount();
                for (int i = 0; i < horizontal.count()[x]; i++) {
                    sum += horizontal.weights()[base + i] * src[row + horizontal.first()[x] + i];
                }
                work[y * outWidth + x] = sum;
            }
        }
        Coefficients vertical = coefficients(inHeight, outHeight);
        for (int y = 0; y < outHeight; y++) {
            int out = dstOffset + y * outWidth;
            int base = y * vertical.maxCount();
            for (int x = 0; x < outWidth; x++) {
                float sum = 0f;
                for (int i = 0; i < vertical.count()[y]; i++) {
                    sum += vertical.weights()[base + i] * work[(vertical.first()[y] + i) * outWidth + x];
                }
                dst[out + x] = sum;
            }
        }
    }
}
