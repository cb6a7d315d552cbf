package io.cardeck.trainer;

import io.cardeck.augmentation.Augmentation;
import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/** Adds uniform noise in [-amount, amount] and clamps to [0, 1]: a small augmentation for tests. */
public record NoiseAugmentation(float amount) implements Augmentation {

    @Override
    public String name() {
        return "noise" + amount;
    }

    @Override
    public float[] apply(float[] image, ImageShape shape, SplittableRandom random) {
        float[] out = new float[shape.size()];
        for (int i = 0; i < out.length; i++) {
            float value = image[i] + (float) ((random.nextDouble() * 2 - 1) * amount);
            out[i] = Math.min(1f, Math.max(0f, value));
        }
        return out;
    }
}
