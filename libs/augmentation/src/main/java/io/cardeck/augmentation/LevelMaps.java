package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.Arrays;

/**
 * AugMix's tone operations (Pillow's ImageOps) on float images, per channel. The ones defined on
 * 8-bit levels (equalize, posterize, solarize) read a value x as level round(255 x), which is exact
 * for images decoded from uint8; autocontrast works on the float values directly.
 */
final class LevelMaps {

    static final int LEVELS = 256;

    private LevelMaps() {
    }

    static int level(float value) {
        return (int) (value * 255f + 0.5f);
    }

    /** Stretches each channel linearly so that its minimum becomes 0 and its maximum 1; a flat channel stays. */
    static void autocontrast(float[] src, float[] dst, ImageShape shape) {
        int plane = shape.height() * shape.width();
        for (int start = 0; start < shape.size(); start += plane) {
            float lo = src[start];
            float hi = src[start];
            for (int p = start + 1; p < start + plane; p++) {
                float v = src[p];
                if (v < lo) {
                    lo = v;
                } else if (v > hi) {
                    hi = v;
                }
            }
            if (hi <= lo) {
                System.arraycopy(src, start, dst, start, plane);
                continue;
            }
            float scale = 1f / (hi - lo);
            for (int p = start; p < start + plane; p++) {
                float v = (src[p] - lo) * scale;
                dst[p] = v > 1f ? 1f : v;
            }
        }
    }

    /**
     * Histogram equalisation per channel exactly as Pillow's {@code ImageOps.equalize}: with the
     * levels' histogram h and step = (pixels - count of the highest occupied level) / 255 (integer),
     * level i maps to min(255, (step / 2 + h[0] + ... + h[i - 1]) / step); a channel with one
     * occupied level or a step of 0 stays as it is. {@code histogram} is scratch of 256 ints.
     */
    static void equalize(float[] src, float[] dst, ImageShape shape, int[] histogram) {
        int plane = shape.height() * shape.width();
        for (int start = 0; start < shape.size(); start += plane) {
            Arrays.fill(histogram, 0, LEVELS, 0);
            for (int p = start; p < start + plane; p++) {
                histogram[level(src[p])]++;
            }
            int top = LEVELS - 1;
            while (histogram[top] == 0) {
                top--;
            }
            int occupied = 0;
            for (int i = 0; i <= top; i++) {
                if (histogram[i] > 0) {
                    occupied++;
                }
            }
            int step = (plane - histogram[top]) / 255;
            if (occupied <= 1 || step == 0) {
                System.arraycopy(src, start, dst, start, plane);
                continue;
            }
            // The look-up table replaces the histogram in place: entry i needs only counts below i.
            int n = step / 2;
            for (int i = 0; i < LEVELS; i++) {
                int count = histogram[i];
                histogram[i] = Math.min(255, n / step);
                n += count;
            }
            for (int p = start; p < start + plane; p++) {
                dst[p] = histogram[level(src[p])] / 255f;
            }
        }
    }

    /** Keeps the {@code bits} (1..8) most significant bits of each 8-bit level. */
    static void posterize(float[] src, float[] dst, ImageShape shape, int bits) {
        int mask = 0xFF & ~((1 << (8 - bits)) - 1);
        for (int p = 0; p < shape.size(); p++) {
            dst[p] = (level(src[p]) & mask) / 255f;
        }
    }

    /** Inverts (x becomes 1 - x) every value whose 8-bit level is at least {@code threshold}. */
    static void solarize(float[] src, float[] dst, ImageShape shape, int threshold) {
        for (int p = 0; p < shape.size(); p++) {
            dst[p] = level(src[p]) >= threshold ? 1f - src[p] : src[p];
        }
    }
}
