package io.cardeck.pruning.allocation.dsa;

import java.util.Locale;

/**
 * DSA's reduction operators: a layer's (pre-processed) scores to one number. As in the official
 * code, the layer's scores are one flat vector.
 */
public enum Reduction {
    MEAN {
        @Override
        double apply(double[] x) {
            double sum = 0;
            for (double v : x) {
                sum += v;
            }
            return sum / x.length;
        }
    },
    /** Sample variance (n - 1), as torch.var. */
    VAR {
        @Override
        double apply(double[] x) {
            if (x.length < 2) {
                return Double.NaN;
            }
            double mean = MEAN.apply(x);
            double sum = 0;
            for (double v : x) {
                sum += (v - mean) * (v - mean);
            }
            return sum / (x.length - 1);
        }
    },
    STD {
        @Override
        double apply(double[] x) {
            return Math.sqrt(VAR.apply(x));
        }
    },
    /** Mean absolute value (the official l1_norm_op divides by the element count). */
    L1 {
        @Override
        double apply(double[] x) {
            double sum = 0;
            for (double v : x) {
                sum += Math.abs(v);
            }
            return sum / x.length;
        }
    },
    FROBENIUS {
        @Override
        double apply(double[] x) {
            double sum = 0;
            for (double v : x) {
                sum += v * v;
            }
            return Math.sqrt(sum);
        }
    },
    /**
     * {@code prod(x)^(1/n)}, computed in log space (the official product underflows to 0 for
     * layers of thousands of weights): 0 if any value is 0, NaN if the product is negative.
     */
    GEOMEAN {
        @Override
        double apply(double[] x) {
            double logSum = 0;
            int negatives = 0;
            for (double v : x) {
                if (v == 0) {
                    return 0;
                }
                if (v < 0) {
                    negatives++;
                }
                logSum += Math.log(Math.abs(v));
            }
            return negatives % 2 == 1 ? Double.NaN : Math.exp(logSum / x.length);
        }
    },
    /**
     * Shannon entropy of the non-negative values taken as a distribution ({@code x / sum x}), as the
     * official entropy of a 1-D input; NaN when no value is non-negative.
     */
    ENTROPY {
        @Override
        double apply(double[] x) {
            double sum = 0;
            for (double v : x) {
                if (v >= 0) {
                    sum += v;
                }
            }
            if (!(sum > 0)) {
                return Double.NaN;
            }
            double entropy = 0;
            for (double v : x) {
                if (v > 0) {
                    double p = v / sum;
                    entropy -= p * Math.log(p);
                }
            }
            return entropy;
        }
    };

    abstract double apply(double[] x);

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
