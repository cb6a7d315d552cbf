package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gamma, Beta and Dirichlet samplers against their known moments, with fixed seeds. */
class DistributionsTest {

    private static final int N = 200_000;

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 1.0, 2.5, 9.0})
    void gammaHasMeanAndVarianceEqualToItsShape(double shape) {
        Gamma gamma = new Gamma(shape);
        SplittableRandom random = new SplittableRandom(31);
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < N; i++) {
            double x = gamma.sample(random);
            assertTrue(x >= 0);
            sum += x;
            sumSquares += x * x;
        }
        double mean = sum / N;
        double variance = sumSquares / N - mean * mean;
        // Standard errors: sqrt(k / N) for the mean; k sqrt((2 + 6 / k) / N) for the variance
        // (excess kurtosis of Gamma(k) is 6 / k); 5 of each.
        assertEquals(shape, mean, 5 * Math.sqrt(shape / N));
        assertEquals(shape, variance, 5 * shape * Math.sqrt((2 + 6 / shape) / N));
    }

    @Test
    void betaOneOneIsUniformOnTheUnitInterval() {
        Beta beta = new Beta(1, 1);
        SplittableRandom random = new SplittableRandom(32);
        double sum = 0;
        double sumSquares = 0;
        int below = 0;
        for (int i = 0; i < N; i++) {
            double x = beta.sample(random);
            assertTrue(x >= 0 && x <= 1, "beta sample " + x);
            sum += x;
            sumSquares += x * x;
            below += x < 0.25 ? 1 : 0;
        }
        double mean = sum / N;
        assertEquals(0.5, mean, 0.005);
        assertEquals(1.0 / 12, sumSquares / N - mean * mean, 0.002);
        assertEquals(0.25, below / (double) N, 0.005);
    }

    @Test
    void betaMeanIsAlphaOverAlphaPlusBeta() {
        Beta beta = new Beta(2, 6);
        SplittableRandom random = new SplittableRandom(33);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += beta.sample(random);
        }
        // variance 2 * 6 / (8^2 * 9) = 0.0208; standard error 3.2e-4
        assertEquals(0.25, sum / N, 0.002);
    }

    @Test
    void dirichletWeightsAreNonNegativeSumToOneAndAverageOneOverDimension() {
        Dirichlet dirichlet = Dirichlet.uniform(3);
        assertEquals(3, dirichlet.dimension());
        SplittableRandom random = new SplittableRandom(34);
        double[] weights = new double[3];
        double[] sums = new double[3];
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            dirichlet.sample(random, weights);
            assertEquals(1.0, weights[0] + weights[1] + weights[2], 1e-12);
            for (int k = 0; k < 3; k++) {
                assertTrue(weights[k] >= 0);
                sums[k] += weights[k];
            }
        }
        // Each weight of Dirichlet(1, 1, 1) is Beta(1, 2): mean 1/3, variance 1/18, standard error 0.001.
        for (double sum : sums) {
            assertEquals(1.0 / 3, sum / n, 0.006);
        }
    }

    @Test
    void rejectsInvalidParameters() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Gamma(0)).getMessage().contains("> 0"));
        assertThrows(IllegalArgumentException.class, () -> new Gamma(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Gamma(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Beta(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Beta(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Dirichlet());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Dirichlet(1, 0, 1))
                .getMessage().contains("concentration 1"));
        assertThrows(IllegalArgumentException.class, () -> Dirichlet.uniform(0));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Dirichlet.uniform(3).sample(new SplittableRandom(1), new double[2]))
                .getMessage().contains("cannot hold 3"));
    }
}
