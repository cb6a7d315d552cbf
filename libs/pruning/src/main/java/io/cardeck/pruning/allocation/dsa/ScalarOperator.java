package io.cardeck.pruning.allocation.dsa;

import java.util.Locale;

/** DSA's transform operators: one number per layer to another. */
public enum ScalarOperator {
    SIN {
        @Override
        double apply(double x) {
            return Math.sin(x);
        }
    },
    COS {
        @Override
        double apply(double x) {
            return Math.cos(x);
        }
    },
    TAN {
        @Override
        double apply(double x) {
            return Math.tan(x);
        }
    },
    ASIN {
        @Override
        double apply(double x) {
            return Math.asin(x);
        }
    },
    ACOS {
        @Override
        double apply(double x) {
            return Math.acos(x);
        }
    },
    ATAN {
        @Override
        double apply(double x) {
            return Math.atan(x);
        }
    },
    EXP {
        @Override
        double apply(double x) {
            return Math.exp(x);
        }
    },
    LOG {
        @Override
        double apply(double x) {
            return Math.log(x);
        }
    },
    ABS {
        @Override
        double apply(double x) {
            return Math.abs(x);
        }
    },
    SIGMOID {
        @Override
        double apply(double x) {
            return sigmoid(x);
        }
    },
    TANH {
        @Override
        double apply(double x) {
            return Math.tanh(x);
        }
    },
    /** {@code log(1 + e^x)}, written so that large x does not overflow. */
    SOFTPLUS {
        @Override
        double apply(double x) {
            return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        }
    };

    abstract double apply(double x);

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
