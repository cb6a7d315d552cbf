package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/** Mirrors the image left-right with probability {@code probability} (0.5 by default), else copies it. */
public final class HorizontalFlip extends AbstractAugmentation {

    public static final double DEFAULT_PROBABILITY = 0.5;

    private final double probability;

    public HorizontalFlip() {
        this(DEFAULT_PROBABILITY);
    }

    public HorizontalFlip(double probability) {
        super("horizontal_flip");
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("horizontal_flip: probability must be in [0, 1], got " + probability);
        }
        this.probability = probability;
    }

    public double probability() {
        return probability;
    }

    @Override
    void transform(float[] image, ImageShape shape, SplittableRandom random, float[] out, int offset) {
        if (random.nextDouble() >= probability) {
            System.arraycopy(image, 0, out, offset, image.length);
            return;
        }
        int w = shape.width();
        for (int row = 0; row < image.length; row += w) {
            int target = offset + row + w - 1;
            for (int j = 0; j < w; j++) {
                out[target - j] = image[row + j];
            }
        }
    }
}
