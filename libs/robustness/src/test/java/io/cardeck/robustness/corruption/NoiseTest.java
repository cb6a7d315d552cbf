package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The noises' sample statistics on a flat image, far enough from 0 and 1 that clipping is negligible. */
class NoiseTest {

    private static final ImageShape SHAPE = new ImageShape(3, 64, 64);

    private static float[] flat(float value) {
        float[] image = new float[SHAPE.size()];
        Arrays.fill(image, value);
        return image;
    }

    private static double[] meanAndStd(float[] values) {
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / values.length;
        return new double[] {mean, Math.sqrt(squares / values.length - mean * mean)};
    }

    @Test
    void gaussianNoiseHasTheSeveritysStandardDeviation() {
        double[] std = {0.04, 0.06, 0.08, 0.09, 0.10};
        for (int severity = 1; severity <= 5; severity++) {
            double[] stats = meanAndStd(new GaussianNoise().apply(flat(0.5f), SHAPE, severity, new SplittableRandom(severity)));
            assertEquals(0.5, stats[0], 0.003);
            assertEquals(std[severity - 1], stats[1], 0.03 * std[severity - 1]);
        }
    }

    @Test
    void speckleNoiseScalesWithThePixelValue() {
        double[] std = {0.06, 0.1, 0.12, 0.16, 0.2};
        for (int severity = 1; severity <= 5; severity++) {
            double[] stats = meanAndStd(new SpeckleNoise().apply(flat(0.4f), SHAPE, severity, new SplittableRandom(severity)));
            assertEquals(0.4, stats[0], 0.003);
            assertEquals(0.4 * std[severity - 1], stats[1], 0.03 * 0.4 * std[severity - 1]);
        }
        float[] black = new SpeckleNoise().apply(flat(0f), SHAPE, 5, new SplittableRandom(1));
        assertEquals(0.0, meanAndStd(black)[1], "speckle leaves black alone");
    }

    @Test
    void shotNoiseIsPoissonCountsOverC() {
        double[] c = {500, 250, 100, 75, 50};
        for (int severity = 1; severity <= 5; severity++) {
            float[] out = new ShotNoise().apply(flat(0.5f), SHAPE, severity, new SplittableRandom(severity));
            double[] stats = meanAndStd(out);
            assertEquals(0.5, stats[0], 0.003);
            // Var(Poisson(x c) / c) = x / c.
            assertEquals(Math.sqrt(0.5 / c[severity - 1]), stats[1], 0.03 * Math.sqrt(0.5 / c[severity - 1]));
            for (float v : out) {
                double count = v * c[severity - 1];
                assertEquals(Math.rint(count), count, 1e-3, "outputs are whole counts over c");
            }
        }
    }

    @Test
    void impulseNoiseSetsTheAmountOfValuesToZeroOrOneEvenly() {
        double[] amount = {0.01, 0.02, 0.03, 0.05, 0.07};
        for (int severity = 1; severity <= 5; severity++) {
            float[] out = new ImpulseNoise().apply(flat(0.5f), SHAPE, severity, new SplittableRandom(severity));
            int salt = 0;
            int pepper = 0;
            for (float v : out) {
                assertTrue(v == 0f || v == 0.5f || v == 1f, "unexpected value " + v);
                salt += v == 1f ? 1 : 0;
                pepper += v == 0f ? 1 : 0;
            }
            double n = out.length;
            double expected = amount[severity - 1] * n;
            assertEquals(expected, salt + pepper, 4 * Math.sqrt(expected), "s" + severity);
            assertEquals(expected / 2, salt, 4 * Math.sqrt(expected / 2), "s" + severity);
        }
    }

    @Test
    void poissonSamplerHasMeanAndVarianceLambdaOnBothSidesOfItsMethodSwitch() {
        SplittableRandom random = new SplittableRandom(9);
        for (double lambda : new double[] {0.3, 4, 9.99, 10, 37.5, 250, 500}) {
            int n = 40_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                int k = PoissonSampler.sample(lambda, random);
                assertTrue(k >= 0);
                sum += k;
                squares += (double) k * k;
            }
            double mean = sum / n;
            double variance = squares / n - mean * mean;
            assertEquals(lambda, mean, 5 * Math.sqrt(lambda / n), "mean at lambda " + lambda);
            assertEquals(lambda, variance, 0.05 * lambda, "variance at lambda " + lambda);
        }
        assertEquals(0, PoissonSampler.sample(0, random));
    }

    @Test
    void poissonSamplerMatchesTheProbabilityOfSmallCounts() {
        // P(0) = exp(-3), P(3) = 27 exp(-3) / 6 for lambda 3 (multiplication method); for lambda 12
        // (rejection method) P(12) = 12^12 exp(-12) / 12!.
        SplittableRandom random = new SplittableRandom(3);
        int n = 100_000;
        int zeros = 0;
        int threes = 0;
        int twelves = 0;
        for (int i = 0; i < n; i++) {
            int k = PoissonSampler.sample(3, random);
            zeros += k == 0 ? 1 : 0;
            threes += k == 3 ? 1 : 0;
            twelves += PoissonSampler.sample(12, random) == 12 ? 1 : 0;
        }
        double p12 = Math.exp(12 * Math.log(12) - 12 - PoissonSampler.logFactorial(12));
        assertEquals(Math.exp(-3), zeros / (double) n, 0.004);
        assertEquals(4.5 * Math.exp(-3), threes / (double) n, 0.005);
        assertEquals(p12, twelves / (double) n, 0.005);
    }

    @Test
    void logFactorialUsesStirlingAccuratelyBeyondItsTable() {
        for (long k : new long[] {0, 1, 5, 1023, 1024, 1500, 5000}) {
            double direct = 0;
            for (long i = 2; i <= k; i++) {
                direct += Math.log(i);
            }
            assertEquals(direct, PoissonSampler.logFactorial(k), 1e-9 * Math.max(1, direct), "k = " + k);
        }
    }
}
