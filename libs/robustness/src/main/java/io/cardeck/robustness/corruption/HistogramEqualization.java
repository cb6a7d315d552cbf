package io.cardeck.robustness.corruption;

/**
 * OpenCV's {@code equalizeHist} on 8-bit values (stored as whole numbers in floats): the lowest
 * occurring level maps to 0 and level v to {@code round(255 * count(levels in (lowest, v]) /
 * count(levels above lowest))}; a constant plane is left as it is.
 */
final class HistogramEqualization {

    private static final int LEVELS = 256;

    private HistogramEqualization() {
    }

    static void equalize(float[] values, int offset, int length) {
        int[] histogram = new int[LEVELS];
        for (int i = offset; i < offset + length; i++) {
            histogram[(int) values[i]]++;
        }
        int lowest = 0;
        while (histogram[lowest] == 0) {
            lowest++;
        }
        if (histogram[lowest] == length) {
            return;
        }
        float scale = (LEVELS - 1f) / (length - histogram[lowest]);
        float[] table = new float[LEVELS];
        int sum = 0;
        for (int level = lowest + 1; level < LEVELS; level++) {
            sum += histogram[level];
            table[level] = (float) Math.min(LEVELS - 1, Math.rint(sum * scale));
        }
        for (int i = offset; i < offset + length; i++) {
            values[i] = table[(int) values[i]];
        }
    }
}
