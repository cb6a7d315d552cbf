package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;

/**
 * AugMix's geometric operations with Pillow's conventions ({@code Image.transform(AFFINE)} with
 * BILINEAR): coordinates put pixel (i, j)'s centre at (j + 0.5, i + 0.5); output pixel p takes the
 * input at (a x + b y + c, d x + e y + f); a point outside the image gives 0 (black) and the
 * neighbours of a point inside are clamped to the edge.
 */
final class AffineWarp {

    private AffineWarp() {
    }

    /** Counter-clockwise rotation by {@code degrees} about the image centre, as Pillow's {@code rotate}. */
    static void rotate(float[] src, float[] dst, ImageShape shape, double degrees) {
        double angle = -Math.toRadians(degrees);
        // Pillow rounds the matrix to 15 decimals, which makes quarter turns exact.
        double cos = roundTo15(Math.cos(angle));
        double sin = roundTo15(Math.sin(angle));
        double cx = shape.width() / 2.0;
        double cy = shape.height() / 2.0;
        warp(src, dst, shape, cos, sin, cx - cos * cx - sin * cy, -sin, cos, cy + sin * cx - cos * cy);
    }

    /** Input x = x + factor * y: rows slide sideways in proportion to their distance from the top edge. */
    static void shearX(float[] src, float[] dst, ImageShape shape, double factor) {
        warp(src, dst, shape, 1, factor, 0, 0, 1, 0);
    }

    /** Input y = factor * x + y: columns slide vertically in proportion to their distance from the left edge. */
    static void shearY(float[] src, float[] dst, ImageShape shape, double factor) {
        warp(src, dst, shape, 1, 0, 0, factor, 1, 0);
    }

    /** Output pixel (i, j) takes input pixel (i + dy, j + dx): positive offsets move the content up and left. */
    static void translate(float[] src, float[] dst, ImageShape shape, double dx, double dy) {
        warp(src, dst, shape, 1, 0, dx, 0, 1, dy);
    }

    static void warp(float[] src, float[] dst, ImageShape shape,
                     double a, double b, double c, double d, double e, double f) {
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        int channels = shape.channels();
        for (int i = 0; i < h; i++) {
            // Source point of the row's first pixel centre; each step right adds (a, d).
            double x = 0.5 * a + (i + 0.5) * b + c;
            double y = 0.5 * d + (i + 0.5) * e + f;
            for (int j = 0; j < w; j++, x += a, y += d) {
                int target = i * w + j;
                if (!(x >= 0.0 && x < w && y >= 0.0 && y < h)) {
                    for (int ch = 0; ch < channels; ch++) {
                        dst[ch * plane + target] = 0f;
                    }
                    continue;
                }
                // x - 0.5 >= -0.5, so truncating x + 0.5 and subtracting 1 is the floor of x - 0.5.
                int x0 = (int) (x + 0.5) - 1;
                int y0 = (int) (y + 0.5) - 1;
                float fx = (float) (x - 0.5 - x0);
                float fy = (float) (y - 0.5 - y0);
                int left = x0 < 0 ? 0 : x0;
                int right = x0 + 1 < w ? x0 + 1 : w - 1;
                int top = (y0 < 0 ? 0 : y0) * w;
                int bottom = (y0 + 1 < h ? y0 + 1 : h - 1) * w;
                for (int ch = 0; ch < channels; ch++) {
                    int base = ch * plane;
                    float topLeft = src[base + top + left];
                    float bottomLeft = src[base + bottom + left];
                    float upper = topLeft + (src[base + top + right] - topLeft) * fx;
                    float lower = bottomLeft + (src[base + bottom + right] - bottomLeft) * fx;
                    float v = upper + (lower - upper) * fy;
                    dst[base + target] = v < 0f ? 0f : v > 1f ? 1f : v;
                }
            }
        }
    }

    private static double roundTo15(double v) {
        return Math.round(v * 1e15) / 1e15;
    }
}
