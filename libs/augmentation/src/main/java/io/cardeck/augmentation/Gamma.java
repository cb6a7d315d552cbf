package io.cardeck.augmentation;

import java.util.SplittableRandom;

/**
 * Gamma distribution with the given shape and scale 1 (mean = variance = shape), sampled by
 * Marsaglia and Tsang's method (ACM TOMS 26(3), 2000); shapes below 1 use their boost
 * Gamma(shape) = Gamma(shape + 1) * U^(1 / shape).
 */
public record Gamma(double shape) {

    public Gamma {
        if (!(shape > 0.0 && shape < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("gamma: shape must be a finite number > 0, got " + shape);
        }
    }

    public double sample(SplittableRandom random) {
        return sample(shape, random);
    }

    /** A draw for a shape already known to be valid, without a record per draw. */
    static double sample(double shape, SplittableRandom random) {
        if (shape < 1.0) {
            // 1 - U lies in (0, 1], so the power never gives 0^(1/shape) for a U of 0.
            return marsagliaTsang(shape + 1.0, random) * Math.pow(1.0 - random.nextDouble(), 1.0 / shape);
        }
        return marsagliaTsang(shape, random);
    }

    private static double marsagliaTsang(double shape, SplittableRandom random) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0.0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            double x2 = x * x;
            // Cheap squeeze first; the logarithmic test decides the rare rest.
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
