package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * glass_blur: Gaussian blur, then {@code iterations} sweeps from the bottom-right corner in which each
 * pixel (rows and columns {@code delta+1 .. side-delta}) takes the value of the pixel at a random
 * offset in {@code [-delta, delta-1]} per axis (numpy's {@code randint(-delta, delta)}), then the
 * blur again. The generator writes this as a swap, but on the RGB numpy views it only copies the
 * neighbour into the pixel; the published data has that copy, and so does this class.
 */
public final class GlassBlur extends AbstractCorruption {

    private record Parameters(double sigma, int maxDelta, int iterations) {
        @Override
        public String toString() {
            return "sigma=" + number(sigma) + " max_delta=" + maxDelta + " iterations=" + iterations;
        }
    }

    private static final List<Parameters> SEVERITIES = List.of(
            new Parameters(0.05, 1, 1), new Parameters(0.25, 1, 1), new Parameters(0.4, 1, 1),
            new Parameters(0.25, 1, 2), new Parameters(0.4, 1, 2));

    public GlassBlur() {
        super("glass_blur", true, SEVERITIES.stream().map(Parameters::toString).toList());
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        Parameters p = SEVERITIES.get(severity - 1);
        double scale = sizeScale(shape);
        double sigma = p.sigma() * scale;
        int delta = Math.max(1, (int) Math.round(p.maxDelta() * scale));
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        float[] work = new float[plane];
        float[] blurred = new float[image.length];
        GaussianFilter.image(image, blurred, shape, sigma, work);
        for (int iteration = 0; iteration < p.iterations(); iteration++) {
            for (int y = h - delta; y > delta; y--) {
                for (int x = w - delta; x > delta; x--) {
                    int dx = random.nextInt(-delta, delta);
                    int dy = random.nextInt(-delta, delta);
                    int from = (y + dy) * w + x + dx;
                    for (int c = 0; c < shape.channels(); c++) {
                        blurred[c * plane + y * w + x] = blurred[c * plane + from];
                    }
                }
            }
        }
        GaussianFilter.image(blurred, out, shape, sigma, work);
        clipAll(out);
    }
}
