package io.cardeck.robustness.corruption;

/** How an image is extended beyond its edges, named after the library whose default it reproduces. */
enum BorderMode {
    /** Repeats the edge value (aaa|abcd|ddd): scipy/skimage 'nearest', ImageMagick's edge pixels. */
    NEAREST,
    /** Mirrors including the edge value (cba|abcd|dcb): scipy 'reflect'. */
    REFLECT,
    /** Mirrors without repeating the edge value (dcb|abcd|cba): OpenCV's default BORDER_REFLECT_101. */
    REFLECT_101;

    /** The source index that position {@code i} of a line of {@code n} values reads. */
    int index(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (this) {
            case NEAREST -> i < 0 ? 0 : n - 1;
            case REFLECT -> {
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                yield m < n ? m : period - 1 - m;
            }
            case REFLECT_101 -> {
                if (n == 1) {
                    yield 0;
                }
                int period = 2 * n - 2;
                int m = Math.floorMod(i, period);
                yield m < n ? m : period - m;
            }
        };
    }

    /** Source indices of positions {@code -before .. n-1+after}, so filters need no bounds checks. */
    int[] indexTable(int n, int before, int after) {
        int[] table = new int[before + n + after];
        for (int i = 0; i < table.length; i++) {
            table[i] = index(i - before, n);
        }
        return table;
    }
}
