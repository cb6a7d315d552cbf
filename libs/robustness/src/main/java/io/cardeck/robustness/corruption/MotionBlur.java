package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * motion_blur: ImageMagick's motion blur (a one-sided line of {@code 2 ceil(radius) + 1} taps with
 * half-Gaussian weights of {@code sigma}, see {@link LinearMotionBlur}) at an angle uniform in
 * [-45, 45) degrees; radius and sigma scale with the image.
 */
public final class MotionBlur extends AbstractCorruption {

    private record Parameters(double radius, double sigma) {
        @Override
        public String toString() {
            return "radius=" + number(radius) + " sigma=" + number(sigma);
        }
    }

    private static final List<Parameters> SEVERITIES = List.of(
            new Parameters(6, 1), new Parameters(6, 1.5), new Parameters(6, 2),
            new Parameters(8, 2), new Parameters(9, 2.5));

    public MotionBlur() {
        super("motion_blur", true, SEVERITIES.stream().map(Parameters::toString).toList());
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        Parameters p = SEVERITIES.get(severity - 1);
        double scale = sizeScale(shape);
        LinearMotionBlur blur = LinearMotionBlur.of(p.radius() * scale, p.sigma() * scale);
        int[] offsets = blur.offsets(random.nextDouble(-45, 45));
        int h = shape.height();
        int w = shape.width();
        for (int c = 0; c < shape.channels(); c++) {
            blur.plane(image, c * h * w, out, c * h * w, h, w, offsets);
        }
        clipAll(out);
    }
}
