package io.cardeck.robustness.corruption;

import java.util.Arrays;

/**
 * Correlation of one image plane (h x w, row-major, starting at an offset) with a kernel. All the
 * kernels used here are symmetric except the spatter emboss, which OpenCV also correlates.
 */
final class Convolution {

    private Convolution() {
    }

    /**
     * Filters along rows, then along columns, with the same odd-length 1-D kernel. {@code work}
     * holds at least {@code h * w} values.
     */
    static void separable(float[] src, int srcOffset, float[] dst, int dstOffset, int h, int w,
                          float[] kernel, BorderMode border, float[] work) {
        int radius = kernel.length / 2;
        int[] columns = border.indexTable(w, radius, radius);
        for (int y = 0; y < h; y++) {
            int row = srcOffset + y * w;
            int out = y * w;
            for (int x = 0; x < w; x++) {
                float sum = 0f;
                for (int k = 0; k < kernel.length; k++) {
                    sum += kernel[k] * src[row + columns[x + k]];
                }
                work[out + x] = sum;
            }
        }
        int[] rows = border.indexTable(h, radius, radius);
        for (int y = 0; y < h; y++) {
            int out = dstOffset + y * w;
            Arrays.fill(dst, out, out + w, 0f);
            for (int k = 0; k < kernel.length; k++) {
                float weight = kernel[k];
                int in = rows[y + k] * w;
                for (int x = 0; x < w; x++) {
                    dst[out + x] += weight * work[in + x];
                }
            }
        }
    }

    /** Correlates with a 2-D kernel: dst(y, x) = sum over (i, j) of k(i, j) * src(y + i - cy, x + j - cx). */
    static void correlate(float[] src, int srcOffset, float[] dst, int dstOffset, int h, int w,
                          Kernel2D kernel, BorderMode border) {
        int cy = kernel.height() / 2;
        int cx = kernel.width() / 2;
        int[] rows = border.indexTable(h, cy, kernel.height() - 1 - cy);
        int[] columns = border.indexTable(w, cx, kernel.width() - 1 - cx);
        float[] weights = kernel.weights();
        for (int y = 0; y < h; y++) {
            int out = dstOffset + y * w;
            for (int x = 0; x < w; x++) {
                float sum = 0f;
                for (int i = 0; i < kernel.height(); i++) {
                    int row = srcOffset + rows[y + i] * w;
                    int base = i * kernel.width();
                    for (int j = 0; j < kernel.width(); j++) {
                        sum += weights[base + j] * src[row + columns[x + j]];
                    }
                }
                dst[out + x] = sum;
            }
        }
    }
}
