package io.cardeck.augmentation;

import java.util.SplittableRandom;

/** Beta distribution, sampled as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
public record Beta(double alpha, double beta) {

    public Beta {
        if (!(alpha > 0.0 && alpha < Double.POSITIVE_INFINITY) || !(beta > 0.0 && beta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("beta: alpha and beta must be finite numbers > 0, got alpha "
                    + alpha + ", beta " + beta);
        }
    }

    /** A value in [0, 1]. */
    public double sample(SplittableRandom random) {
        double x = Gamma.sample(alpha, random);
        double y = Gamma.sample(beta, random);
        return x / (x + y);
    }
}
