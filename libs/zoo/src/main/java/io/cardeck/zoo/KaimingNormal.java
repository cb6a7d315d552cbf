package io.cardeck.zoo;

import java.util.SplittableRandom;

/**
 * Kaiming-normal initialisation (He et al. 2015, fan-in mode, ReLU gain sqrt(2)): weights drawn
 * from N(0, 2 / fanIn). Normal samples come from Box-Muller with StrictMath over
 * {@link SplittableRandom#nextDouble()}, both fully specified, so a seed gives the same bits on
 * every JVM (RandomGenerator.nextGaussian's algorithm is not specified).
 */
final class KaimingNormal {

    private final SplittableRandom random;

    KaimingNormal(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code count} weights of a layer whose outputs each sum {@code fanIn} products. */
    float[] weights(int count, int fanIn) {
        double std = Math.sqrt(2.0 / fanIn);
        float[] weights = new float[count];
        for (int i = 0; i < count; i += 2) {
            // 1 - u lies in (0, 1], so the logarithm is finite.
            double radius = std * StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
            double angle = 2 * Math.PI * random.nextDouble();
            weights[i] = (float) (radius * StrictMath.cos(angle));
            if (i + 1 < count) {
                weights[i + 1] = (float) (radius * StrictMath.sin(angle));
            }
        }
        return weights;
    }
}
