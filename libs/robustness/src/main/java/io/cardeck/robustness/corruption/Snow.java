package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * snow: a layer of N(loc, scale) per pixel is clipped-zoomed by {@code zoom}, zeroed below
 * {@code threshold}, clipped to [0, 1] and motion-blurred ({@code radius}, {@code sigma}, scaled with
 * the image) at an angle uniform in [-135, -45) degrees. The image is whitened,
 * {@code blend * x + (1 - blend) * max(x, 1.5 * gray + 0.5)} (gray = BT.601 luma; on a gray image
 * the image itself), and the layer and its 180-degree rotation are added.
 */
public final class Snow extends AbstractCorruption {

    private record Parameters(double loc, double scale, double zoom, double threshold,
                              double radius, double sigma, double blend) {
        @Override
        public String toString() {
            return "loc=" + number(loc) + " scale=" + number(scale) + " zoom=" + number(zoom)
                    + " threshold=" + number(threshold) + " blur_radius=" + number(radius)
                    + " blur_sigma=" + number(sigma) + " blend=" + number(blend);
        }
    }

    private static final List<Parameters> SEVERITIES = List.of(
            new Parameters(0.1, 0.2, 1, 0.6, 8, 3, 0.95),
            new Parameters(0.1, 0.2, 1, 0.5, 10, 4, 0.9),
            new Parameters(0.15, 0.3, 1.75, 0.55, 10, 4, 0.9),
            new Parameters(0.25, 0.3, 2.25, 0.6, 12, 6, 0.85),
            new Parameters(0.3, 0.3, 1.25, 0.65, 14, 12, 0.8));

    public Snow() {
        super("snow", true, SEVERITIES.stream().map(Parameters::toString).toList());
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        Parameters p = SEVERITIES.get(severity - 1);
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        float[] noise = new float[plane];
        for (int i = 0; i < plane; i++) {
            noise[i] = (float) (p.loc() + p.scale() * random.nextGaussian());
        }
        float[] layer = new float[plane];
        ClippedZoom.of(h, w, p.zoom()).addTo(noise, 0, layer, 0);
        for (int i = 0; i < plane; i++) {
            layer[i] = layer[i] < p.threshold() ? 0f : Math.min(1f, layer[i]);
        }
        double scale = sizeScale(shape);
        LinearMotionBlur blur = LinearMotionBlur.of(p.radius() * scale, p.sigma() * scale);
        float[] snow = noise; // the noise is no longer needed: reuse its buffer
        blur.plane(layer, 0, snow, 0, h, w, blur.offsets(random.nextDouble(-135, -45)));

        for (int i = 0; i < plane; i++) {
            double gray = shape.channels() == 1
                    ? image[i]
                    : Luminance.of(image[i], image[plane + i], image[2 * plane + i]);
            double whitened = 1.5 * gray + 0.5;
            double flakes = snow[i] + snow[plane - 1 - i];
            for (int c = 0; c < shape.channels(); c++) {
                double x = image[c * plane + i];
                out[c * plane + i] = clip(p.blend() * x + (1 - p.blend()) * Math.max(x, whitened) + flakes);
            }
        }
    }
}
