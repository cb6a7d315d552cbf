package io.cardeck.robustness.corruption;

import java.util.SplittableRandom;

/**
 * Exact Poisson sampling as numpy does it: multiplication of uniforms for lambda < 10, otherwise
 * Hoermann's transformed rejection with squeeze (PTRS, 1993), which is exact for any lambda.
 */
final class PoissonSampler {

    private static final double PTRS_THRESHOLD = 10;
    private static final int LOG_FACTORIAL_TABLE = 1024;
    private static final double[] LOG_FACTORIAL = new double[LOG_FACTORIAL_TABLE];

    static {
        for (int k = 2; k < LOG_FACTORIAL_TABLE; k++) {
            LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
        }
    }

    private PoissonSampler() {
    }

    static int sample(double lambda, SplittableRandom random) {
        if (lambda <= 0) {
            return 0;
        }
        return lambda < PTRS_THRESHOLD ? multiplication(lambda, random) : transformedRejection(lambda, random);
    }

    private static int multiplication(double lambda, SplittableRandom random) {
        double limit = Math.exp(-lambda);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    private static int transformedRejection(double lambda, SplittableRandom random) {
        double sqrtLambda = Math.sqrt(lambda);
        double logLambda = Math.log(lambda);
        double b = 0.931 + 2.53 * sqrtLambda;
        double a = -0.059 + 0.02483 * b;
        double logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (int) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) {
                return (int) k;
            }
        }
    }

    /** log(k!) from a table, Stirling's series beyond it (error below 1e-15 there). */
    static double logFactorial(long k) {
        if (k < LOG_FACTORIAL_TABLE) {
            return LOG_FACTORIAL[(int) k];
        }
        double x = k + 1.0;
        double inverse = 1 / x;
        double inverse2 = inverse * inverse;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
                + inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 / 1260));
    }
}
