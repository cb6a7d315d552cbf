package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * spatter: a liquid layer N(loc, scale) per pixel, Gaussian-smoothed by {@code sigma} and zeroed
 * below {@code threshold}, splashed onto the image.
 * <ul>
 *   <li>water (severities 1-3): the layer (as 8 bits) is shaded by an embossed distance-to-edge map
 *       and added in pale turquoise (175, 238, 238): distance to the layer's edges (OpenCV's 5x5
 *       chamfer), truncated at 20 px, 3x3 box blur, histogram equalisation, the emboss kernel
 *       [[-2,-1,0],[-1,1,1],[0,1,2]], 3x3 box blur, all on 8-bit values as OpenCV does; then
 *       normalised to maximum {@code intensity}. The generator's Canny edge detector is replaced by
 *       the pixels whose right or lower neighbour lies on the other side of the threshold: the layer
 *       is a step from 0 to at least threshold * 255, well above Canny's thresholds 50/150, and
 *       Canny's non-maximum suppression keeps the upper/left pixel of such a step.</li>
 *   <li>mud (severities 4-5): the mask layer > threshold, Gaussian-blurred with sigma =
 *       {@code intensity} (the generator's choice), zeroed below 0.8, and
 *       {@code x * (1 - m) + brown (63, 42, 20) * m}.</li>
 * </ul>
 * Gray images use the luminance of the colours. Sigmas and the 20 px truncation scale with the image.
 */
public final class Spatter extends AbstractCorruption {

    private record Parameters(double loc, double scale, double sigma, double threshold, double intensity, boolean mud) {
        @Override
        public String toString() {
            return "loc=" + number(loc) + " scale=" + number(scale) + " sigma=" + number(sigma)
                    + " threshold=" + number(threshold) + " intensity=" + number(intensity)
                    + " mode=" + (mud ? "mud" : "water");
        }
    }

    private static final List<Parameters> SEVERITIES = List.of(
            new Parameters(0.62, 0.1, 0.7, 0.7, 0.5, false),
            new Parameters(0.65, 0.1, 0.8, 0.7, 0.5, false),
            new Parameters(0.65, 0.3, 1, 0.69, 0.5, false),
            new Parameters(0.65, 0.1, 0.7, 0.69, 0.6, true),
            new Parameters(0.65, 0.1, 0.5, 0.68, 0.6, true));

    private static final double[] WATER = {175 / 255.0, 238 / 255.0, 238 / 255.0};
    private static final double[] MUD = {63 / 255.0, 42 / 255.0, 20 / 255.0};
    private static final double EDGE_DISTANCE_LIMIT = 20;
    private static final double MUD_FLOOR = 0.8;
    private static final Kernel2D BOX = new Kernel2D(3, 3, new float[] {
            1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f});
    private static final Kernel2D EMBOSS = new Kernel2D(3, 3, new float[] {-2, -1, 0, -1, 1, 1, 0, 1, 2});

    public Spatter() {
        super("spatter", false, SEVERITIES.stream().map(Parameters::toString).toList());
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        Parameters p = SEVERITIES.get(severity - 1);
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        double scale = sizeScale(shape);
        float[] noise = new float[plane];
        for (int i = 0; i < plane; i++) {
            noise[i] = (float) (p.loc() + p.scale() * random.nextGaussian());
        }
        float[] liquid = new float[plane];
        float[] work = new float[plane];
        GaussianFilter.plane(noise, 0, liquid, 0, h, w, p.sigma() * scale, GaussianFilter.DEFAULT_TRUNCATE,
                BorderMode.NEAREST, work);
        float[] splash = p.mud()
                ? mud(liquid, h, w, p, scale, work)
                : water(liquid, h, w, p, scale, work);
        double[] colour = p.mud() ? MUD : WATER;
        for (int c = 0; c < shape.channels(); c++) {
            double tint = shape.channels() == 1 ? Luminance.of(colour[0], colour[1], colour[2]) : colour[c];
            for (int i = 0; i < plane; i++) {
                double x = image[c * plane + i];
                double m = splash[i];
                out[c * plane + i] = clip(p.mud() ? x * (1 - m) + tint * m : x + m * tint);
            }
        }
    }

    /** The water shading m in [0, intensity] per pixel. */
    private static float[] water(float[] liquid, int h, int w, Parameters p, double scale, float[] work) {
        int plane = h * w;
        float[] layer = new float[plane];
        for (int i = 0; i < plane; i++) {
            layer[i] = liquid[i] < p.threshold() ? 0f : (float) Math.min(255, Math.floor(liquid[i] * 255));
        }
        boolean[] edge = new boolean[plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean wet = layer[y * w + x] > 0;
                edge[y * w + x] = (x + 1 < w && (layer[y * w + x + 1] > 0) != wet)
                        || (y + 1 < h && (layer[(y + 1) * w + x] > 0) != wet);
            }
        }
        float[] distance = new float[plane];
        ChamferDistance.transform(edge, h, w, distance);
        double limit = EDGE_DISTANCE_LIMIT * scale;
        for (int i = 0; i < plane; i++) {
            distance[i] = (float) Math.min(distance[i], limit);
        }
        Convolution.correlate(distance, 0, work, 0, h, w, BOX, BorderMode.REFLECT_101);
        for (int i = 0; i < plane; i++) {
            work[i] = (float) Math.floor(work[i]);
        }
        HistogramEqualization.equalize(work, 0, plane);
        Convolution.correlate(work, 0, distance, 0, h, w, EMBOSS, BorderMode.REFLECT_101);
        for (int i = 0; i < plane; i++) {
            distance[i] = (float) Math.min(255, Math.max(0, Math.rint(distance[i])));
        }
        Convolution.correlate(distance, 0, work, 0, h, w, BOX, BorderMode.REFLECT_101);
        float max = 0f;
        for (int i = 0; i < plane; i++) {
            layer[i] *= (float) Math.rint(work[i]);
            max = Math.max(max, layer[i]);
        }
        float normalise = max > 0f ? (float) p.intensity() / max : 0f;
        for (int i = 0; i < plane; i++) {
            layer[i] *= normalise;
        }
        return layer;
    }

    /** The mud opacity m in {0} or [0.8, 1] per pixel. */
    private static float[] mud(float[] liquid, int h, int w, Parameters p, double scale, float[] work) {
        int plane = h * w;
        float[] mask = new float[plane];
        for (int i = 0; i < plane; i++) {
            mask[i] = liquid[i] > p.threshold() ? 1f : 0f;
        }
        float[] opacity = new float[plane];
        GaussianFilter.plane(mask, 0, opacity, 0, h, w, p.intensity() * scale, GaussianFilter.DEFAULT_TRUNCATE,
                BorderMode.NEAREST, work);
        for (int i = 0; i < plane; i++) {
            if (opacity[i] < MUD_FLOOR) {
                opacity[i] = 0f;
            }
        }
        return opacity;
    }
}
