package io.cardeck.robustness.corruption;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generator's {@code clipped_zoom}: crop the centre {@code ceil(n / z)} pixels of each axis, zoom
 * them by {@code z} with scipy.ndimage.zoom (order 1, corners aligned: output i reads input
 * {@code i * (in - 1) / (out - 1)}, output size {@code round(in * z)}), then trim the centre back to
 * {@code n}. The generator assumes square images; here each axis is treated alike.
 */
final class ClippedZoom {

    private record Key(int height, int width, double factor) {
    }

    /** Per output index along one axis: the two input indices and the weight of the second. */
    private record AxisMap(int[] first, int[] second, float[] weight) {

        static AxisMap of(int n, double factor) {
            int crop = (int) Math.ceil(n / factor);
            int top = (n - crop) / 2;
            int zoomed = Math.max(1, (int) Math.rint(crop * factor));
            int trim = (zoomed - n) / 2;
            double ratio = zoomed > 1 ? (crop - 1.0) / (zoomed - 1.0) : 0.0;
            int[] first = new int[n];
            int[] second = new int[n];
            float[] weight = new float[n];
            for (int i = 0; i < n; i++) {
                double coordinate = (i + trim) * ratio;
                int lower = Math.min((int) Math.floor(coordinate), crop - 1);
                first[i] = top + lower;
                second[i] = top + Math.min(lower + 1, crop - 1);
                weight[i] = (float) (coordinate - lower);
            }
            return new AxisMap(first, second, weight);
        }
    }

    private static final Map<Key, ClippedZoom> CACHE = new ConcurrentHashMap<>();

    private final int width;
    private final AxisMap rows;
    private final AxisMap columns;

    private ClippedZoom(int height, int width, double factor) {
        this.width = width;
        this.rows = AxisMap.of(height, factor);
        this.columns = AxisMap.of(width, factor);
    }

    /** The zoom of {@code factor >= 1} for planes of {@code height x width}, built once and shared. */
    static ClippedZoom of(int height, int width, double factor) {
        if (!(factor >= 1.0)) {
            throw new IllegalArgumentException("zoom factor must be >= 1, got " + factor);
        }
        return CACHE.computeIfAbsent(new Key(height, width, factor), k -> new ClippedZoom(k.height(), k.width(), k.factor()));
    }

    /** Adds the zoomed plane at {@code srcOffset} to the plane of {@code dst} at {@code dstOffset}. */
    void addTo(float[] src, int srcOffset, float[] dst, int dstOffset) {
        int[] columnFirst = columns.first();
        int[] columnSecond = columns.second();
        float[] columnWeight = columns.weight();
        for (int y = 0; y < rows.first().length; y++) {
            int upper = srcOffset + rows.first()[y] * width;
            int lower = srcOffset + rows.second()[y] * width;
            float ty = rows.weight()[y];
            int out = dstOffset + y * width;
            for (int x = 0; x < width; x++) {
                float tx = columnWeight[x];
                float top = src[upper + columnFirst[x]] + tx * (src[upper + columnSecond[x]] - src[upper + columnFirst[x]]);
                float bottom = src[lower + columnFirst[x]] + tx * (src[lower + columnSecond[x]] - src[lower + columnFirst[x]]);
                dst[out + x] += top + ty * (bottom - top);
            }
        }
    }
}
