package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * fog: {@code clip((x + amplitude * plasma) * max / (max + amplitude))}, with a {@link PlasmaFractal}
 * of the given wibble decay, the same for every channel, and max the image's maximum. The map side is
 * the next power of two at least the image's larger side (32 for CIFAR, as in the generator; the
 * fractal's features therefore follow the image size) and its top-left corner is used.
 */
public final class Fog extends AbstractCorruption {

    private record Parameters(double amplitude, double decay) {
        @Override
        public String toString() {
            return "amplitude=" + number(amplitude) + " wibble_decay=" + number(decay);
        }
    }

    private static final List<Parameters> SEVERITIES = List.of(
            new Parameters(0.2, 3), new Parameters(0.5, 3), new Parameters(0.75, 2.5),
            new Parameters(1, 2), new Parameters(1.5, 1.75));

    public Fog() {
        super("fog", true, SEVERITIES.stream().map(Parameters::toString).toList());
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        Parameters p = SEVERITIES.get(severity - 1);
        int h = shape.height();
        int w = shape.width();
        int mapSize = Math.max(2, Integer.highestOneBit(Math.max(h, w) - 1) << 1);
        float[] plasma = PlasmaFractal.generate(mapSize, p.decay(), random);
        double max = 0;
        for (float v : image) {
            max = Math.max(max, v);
        }
        double rescale = max / (max + p.amplitude());
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = c * h * w + y * w + x;
                    out[i] = clip((image[i] + p.amplitude() * plasma[y * mapSize + x]) * rescale);
                }
            }
        }
    }
}
