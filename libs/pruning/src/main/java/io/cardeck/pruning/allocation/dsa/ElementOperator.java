package io.cardeck.pruning.allocation.dsa;

import java.util.Locale;

/**
 * DSA's pre-process operators: applied to every score of a layer (some, like normalize, over the
 * layer's scores as a whole). Definitions follow the official code (lliai/DSA, lib/autolayer.py).
 */
public enum ElementOperator {
    ABS {
        @Override
        double[] apply(double[] x) {
            return map(x, Math::abs);
        }
    },
    /** Non-positive values count as 1 (log 0), others as {@code log(x + 1e-6)}. */
    LOG {
        @Override
        double[] apply(double[] x) {
            return map(x, v -> v <= 0 ? Math.log(1 + 1e-6) : Math.log(v + 1e-6));
        }
    },
    /** {@code log |x|}, zeros counting as 1. */
    ABSLOG {
        @Override
        double[] apply(double[] x) {
            return map(x, v -> v == 0 ? 0 : Math.log(Math.abs(v)));
        }
    },
    /** Square. */
    POW {
        @Override
        double[] apply(double[] x) {
            return map(x, v -> v * v);
        }
    },
    EXP {
        @Override
        double[] apply(double[] x) {
            return map(x, Math::exp);
        }
    },
    /** {@code (x - mean) / std} over the layer (sample std); a constant layer becomes zeros. */
    NORMALIZE {
        @Override
        double[] apply(double[] x) {
            double mean = Reduction.MEAN.apply(x);
            double std = Reduction.STD.apply(x);
            return map(x, v -> std > 0 ? (v - mean) / std : 0);
        }
    },
    SIGMOID {
        @Override
        double[] apply(double[] x) {
            return map(x, ScalarOperator::sigmoid);
        }
    },
    TANH {
        @Override
        double[] apply(double[] x) {
            return map(x, Math::tanh);
        }
    },
    /** Min-max scaling into [0, 1] over the layer. */
    MMS {
        @Override
        double[] apply(double[] x) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double low = min;
            double range = max - min + 1e-9;
            return map(x, v -> (v - low) / range);
        }
    };

    /** A new array: the operator applied to {@code x}. */
    abstract double[] apply(double[] x);

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }
}
