package io.cardeck.augmentation;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Dirichlet distribution: independent Gamma(alpha_i) draws normalised to sum 1. */
public final class Dirichlet {

    private final Gamma[] components;

    public Dirichlet(double... concentration) {
        if (concentration == null || concentration.length == 0) {
            throw new IllegalArgumentException("dirichlet: needs at least one concentration parameter");
        }
        components = new Gamma[concentration.length];
        for (int i = 0; i < concentration.length; i++) {
            if (!(concentration[i] > 0.0 && concentration[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("dirichlet: concentration " + i + " must be a finite number > 0, got "
                        + concentration[i] + " in " + Arrays.toString(concentration));
            }
            components[i] = new Gamma(concentration[i]);
        }
    }

    /** Dirichlet(1, ..., 1) over {@code dimension} weights: uniform on the simplex. */
    public static Dirichlet uniform(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dirichlet: dimension must be >= 1, got " + dimension);
        }
        double[] ones = new double[dimension];
        Arrays.fill(ones, 1.0);
        return new Dirichlet(ones);
    }

    public int dimension() {
        return components.length;
    }

    /** Writes one draw (non-negative, summing to 1) into {@code weights[0 .. dimension)}. */
    public void sample(SplittableRandom random, double[] weights) {
        if (weights.length < components.length) {
            throw new IllegalArgumentException("dirichlet: weights array of length " + weights.length
                    + " cannot hold " + components.length + " weights");
        }
        double sum = 0.0;
        for (int i = 0; i < components.length; i++) {
            weights[i] = components[i].sample(random);
            sum += weights[i];
        }
        for (int i = 0; i < components.length; i++) {
            weights[i] /= sum;
        }
    }
}
