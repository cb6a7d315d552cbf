package io.cardeck.pruning;

/**
 * Gauss-Jordan elimination with partial pivoting on small dense systems: the tests' own reference
 * for Hessian inverses and constrained least squares, independent of the library the code uses.
 */
public final class DenseSolve {

    private DenseSolve() {}

    /** The inverse of the square matrix {@code a} (not changed). */
    public static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] augmented = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, augmented[i], 0, n);
            augmented[i][n + i] = 1;
        }
        for (int column = 0; column < n; column++) {
            int pivot = column;
            for (int row = column + 1; row < n; row++) {
                if (Math.abs(augmented[row][column]) > Math.abs(augmented[pivot][column])) {
                    pivot = row;
                }
            }
            double[] swap = augmented[column];
            augmented[column] = augmented[pivot];
            augmented[pivot] = swap;
            double scale = augmented[column][column];
            for (int j = 0; j < 2 * n; j++) {
                augmented[column][j] /= scale;
            }
            for (int row = 0; row < n; row++) {
                if (row != column && augmented[row][column] != 0) {
                    double factor = augmented[row][column];
                    for (int j = 0; j < 2 * n; j++) {
                        augmented[row][j] -= factor * augmented[column][j];
                    }
                }
            }
        }
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(augmented[i], n, inverse[i], 0, n);
        }
        return inverse;
    }

    /** {@code a^-1 b}. */
    public static double[] solve(double[][] a, double[] b) {
        double[][] inverse = inverse(a);
        double[] x = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            for (int j = 0; j < b.length; j++) {
                x[i] += inverse[i][j] * b[j];
            }
        }
        return x;
    }

    /**
     * The weights closest to {@code w} in the metric {@code h} with the entries {@code removed} at
     * zero: {@code argmin (v - w)^T h (v - w)} subject to {@code v_P = 0}, from the normal equations
     * of the kept entries.
     */
    public static double[] constrainedLeastSquares(double[][] h, double[] w, boolean[] removed) {
        int n = w.length;
        int[] kept = java.util.stream.IntStream.range(0, n).filter(i -> !removed[i]).toArray();
        double[][] system = new double[kept.length][kept.length];
        double[] rightHandSide = new double[kept.length];
        for (int a = 0; a < kept.length; a++) {
            for (int b = 0; b < kept.length; b++) {
                system[a][b] = h[kept[a]][kept[b]];
            }
            // d/dv_K: h_KK (v_K - w_K) - h_KP w_P = 0
            for (int p = 0; p < n; p++) {
                if (removed[p]) {
                    rightHandSide[a] += h[kept[a]][p] * w[p];
                }
            }
        }
        double[] delta = solve(system, rightHandSide);
        double[] v = new double[n];
        for (int a = 0; a < kept.length; a++) {
            v[kept[a]] = w[kept[a]] + delta[a];
        }
        return v;
    }
}
