package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * frost: {@code clip(image_weight * x + frost_weight * frost)} with a random crop of the procedural
 * {@link FrostTexture} (the generator's frost photographs are not redistributable with cardeck).
 */
public final class Frost extends AbstractCorruption {

    private record Parameters(double imageWeight, double frostWeight) {
        @Override
        public String toString() {
            return "image_weight=" + number(imageWeight) + " frost_weight=" + number(frostWeight);
        }
    }

    private static final List<Parameters> SEVERITIES = List.of(
            new Parameters(1, 0.2), new Parameters(1, 0.3), new Parameters(0.9, 0.4),
            new Parameters(0.85, 0.4), new Parameters(0.75, 0.45));

    public Frost() {
        super("frost", true, SEVERITIES.stream().map(Parameters::toString).toList());
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        Parameters p = SEVERITIES.get(severity - 1);
        FrostTexture.forShape(shape).blend(image, shape, p.imageWeight(), p.frostWeight(), random, out);
    }
}
