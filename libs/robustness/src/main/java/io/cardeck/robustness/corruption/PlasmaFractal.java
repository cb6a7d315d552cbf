package io.cardeck.robustness.corruption;

import java.util.SplittableRandom;

/**
 * The generator's {@code plasma_fractal} (after FLHerne's mapgen): a diamond-square height map on a
 * torus of side {@code mapSize} (a power of two). Each new point is the mean of its four neighbours
 * plus {@code wibble * U(-wibble, wibble)} (the generator's quirk: the noise scales with wibble
 * squared); wibble starts at 100 and is divided by {@code wibbleDecay} per level. Scaled to [0, 1].
 */
final class PlasmaFractal {

    private static final double INITIAL_WIBBLE = 100;

    private PlasmaFractal() {
    }

    /** A row-major {@code mapSize x mapSize} map with minimum 0 and maximum 1. */
    static float[] generate(int mapSize, double wibbleDecay, SplittableRandom random) {
        if (mapSize < 2 || Integer.bitCount(mapSize) != 1) {
            throw new IllegalArgumentException("plasma map size must be a power of two >= 2, got " + mapSize);
        }
        int n = mapSize;
        double[] map = new double[n * n];
        double wibble = INITIAL_WIBBLE;
        for (int step = n; step >= 2; step /= 2) {
            int half = step / 2;
            int cells = n / step;
            // Squares: centre of each cell from its four (toroidal) corners.
            for (int i = 0; i < cells; i++) {
                int top = i * step;
                int bottom = ((i + 1) % cells) * step;
                for (int j = 0; j < cells; j++) {
                    int left = j * step;
                    int right = ((j + 1) % cells) * step;
                    double sum = map[top * n + left] + map[bottom * n + left] + map[top * n + right] + map[bottom * n + right];
                    map[(top + half) * n + left + half] = sum / 4 + wibble * random.nextDouble(-wibble, wibble);
                }
            }
            // Diamonds on the corner rows: centres below and above, corners left and right.
            for (int i = 0; i < cells; i++) {
                int row = i * step;
                int centreAbove = (Math.floorMod(i - 1, cells) * step + half) * n;
                for (int j = 0; j < cells; j++) {
                    int column = j * step;
                    double sum = map[(row + half) * n + column + half] + map[centreAbove + column + half]
                            + map[row * n + column] + map[row * n + ((j + 1) % cells) * step];
                    map[row * n + column + half] = sum / 4 + wibble * random.nextDouble(-wibble, wibble);
                }
            }
            // Diamonds on the corner columns: centres right and left, corners above and below.
            for (int i = 0; i < cells; i++) {
                int row = i * step;
                int below = ((i + 1) % cells) * step;
                for (int j = 0; j < cells; j++) {
                    int column = j * step;
                    int centreLeft = Math.floorMod(j - 1, cells) * step + half;
                    double sum = map[(row + half) * n + column + half] + map[(row + half) * n + centreLeft]
                            + map[row * n + column] + map[below * n + column];
                    map[(row + half) * n + column] = sum / 4 + wibble * random.nextDouble(-wibble, wibble);
                }
            }
            wibble /= wibbleDecay;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : map) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] normalised = new float[n * n];
        for (int i = 0; i < normalised.length; i++) {
            normalised[i] = (float) ((map[i] - min) / (max - min));
        }
        return normalised;
    }
}
