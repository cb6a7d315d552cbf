package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A procedural stand-in for the frost photographs that the generator crops (they are not part of
 * cardeck): fern-like ice fronds as they grow on window glass. In 32 px units, per 384 x 384 area:
 * <ol>
 *   <li>{@value #SEEDS} seeds, uniformly placed, each of brightness U(0.5, 1), growing 1 to 3 fronds
 *       in uniform directions, of length U(20, 70);</li>
 *   <li>a frond is a polyline of 2 px segments whose direction drifts by N(0, 4 deg) per segment;
 *       every U(2.5, 4) px along it a pair of side fronds leaves at +-U(45, 70) deg, of length
 *       0.4 * U(0.5, 1) * (remaining length) and 0.8 of its brightness, two levels deep, so fronds
 *       taper like feathers;</li>
 *   <li>{@value #GRAINS} short strokes (length U(0.5, 2.5), brightness U(0.1, 0.35), any direction)
 *       as fine hoarfrost grain;</li>
 *   <li>strokes are splatted bilinearly every half pixel, blurred by a Gaussian of 0.6 px (a soft
 *       line about 1.5 px wide) and compressed where they overlap: crystals = 1 - exp(-1.2 ink);</li>
 *   <li>intensity = clip(0.2 + 0.35 * haze + 0.6 * crystals), haze a {@link PlasmaFractal} (map 512,
 *       wibble decay 2); mean intensity about 0.52. Colour = intensity * (0.86, 0.93, 1.0), an ice
 *       blue; on gray images its luminance, intensity * 0.917.</li>
 * </ol>
 * Lengths scale with the image (smaller side / 32). The texture is generated from a fixed seed
 * ({@value #SEED}) once per image size and shared; each corrupted image takes a uniformly placed crop.
 */
final class FrostTexture {

    private static final long SEED = 2019L;
    private static final int BASE_SIDE = 384;
    private static final int SEEDS = 65;
    private static final int GRAINS = 6000;
    private static final double[] TINT = {0.86, 0.93, 1.0};

    private static final int HAZE_MAP = 512;
    private static final double HAZE_DECAY = 2.0;
    private static final double STROKE_STEP = 0.5;
    private static final double STROKE_BLUR = 0.6;
    private static final double SEGMENT = 2;
    private static final double CURL_DEGREES = 4;
    private static final int MAX_DEPTH = 2;
    private static final double CRYSTAL_GAIN = 1.2;
    private static final double BASE_LEVEL = 0.2;
    private static final double HAZE_WEIGHT = 0.35;
    private static final double CRYSTAL_WEIGHT = 0.6;

    private record Key(int side, double scale) {
    }

    private static final Map<Key, FrostTexture> CACHE = new ConcurrentHashMap<>();

    private final int side;
    private final float[] intensity;

    private FrostTexture(int side, double scale) {
        this.side = side;
        this.intensity = generate(side, scale);
    }

    /** The texture for images of this shape: large enough for a crop, features scaled to the image. */
    static FrostTexture forShape(ImageShape shape) {
        double scale = AbstractCorruption.sizeScale(shape);
        int side = Math.max((int) Math.ceil(BASE_SIDE * scale), Math.max(shape.height(), shape.width()) + 1);
        return CACHE.computeIfAbsent(new Key(side, scale), k -> new FrostTexture(k.side(), k.scale()));
    }

    int side() {
        return side;
    }

    /** Intensity in [0, 1] at row {@code y}, column {@code x}. */
    float intensity(int y, int x) {
        return intensity[y * side + x];
    }

    /** {@code out = clip(imageWeight * image + frostWeight * frost)} over a random crop of the texture. */
    void blend(float[] image, ImageShape shape, double imageWeight, double frostWeight,
               SplittableRandom random, float[] out) {
        int h = shape.height();
        int w = shape.width();
        int top = random.nextInt(side - h);
        int left = random.nextInt(side - w);
        for (int c = 0; c < shape.channels(); c++) {
            double tint = shape.channels() == 1
                    ? Luminance.of(TINT[0], TINT[1], TINT[2])
                    : TINT[c];
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                int row = (top + y) * side + left;
                for (int x = 0; x < w; x++) {
                    double v = imageWeight * image[plane + y * w + x] + frostWeight * tint * intensity[row + x];
                    out[plane + y * w + x] = AbstractCorruption.clip(v);
                }
            }
        }
    }

    private static float[] generate(int side, double scale) {
        float[] haze = PlasmaFractal.generate(HAZE_MAP, HAZE_DECAY, new SplittableRandom(SEED));
        Strokes strokes = new Strokes(side, scale);
        SplittableRandom random = new SplittableRandom(SEED + 1);
        double baseSide = side / scale;
        double areas = (baseSide / BASE_SIDE) * (baseSide / BASE_SIDE);
        int seeds = (int) Math.round(SEEDS * areas);
        for (int n = 0; n < seeds; n++) {
            double x = random.nextDouble(baseSide);
            double y = random.nextDouble(baseSide);
            double brightness = random.nextDouble(0.5, 1.0);
            int fronds = random.nextInt(1, 4);
            for (int f = 0; f < fronds; f++) {
                frond(strokes, random, x, y, Math.toRadians(random.nextDouble(360)), random.nextDouble(20, 70), brightness, 0);
            }
        }
        int grains = (int) Math.round(GRAINS * areas);
        for (int g = 0; g < grains; g++) {
            double x = random.nextDouble(baseSide);
            double y = random.nextDouble(baseSide);
            double angle = Math.toRadians(random.nextDouble(360));
            double length = random.nextDouble(0.5, 2.5);
            strokes.line(x, y, x + length * Math.cos(angle), y + length * Math.sin(angle), random.nextDouble(0.1, 0.35));
        }
        float[] lines = strokes.blurred();
        float[] texture = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double hazeValue = BilinearResampler.sample(haze, 0, HAZE_MAP, HAZE_MAP, y / scale, x / scale, BorderMode.NEAREST);
                double crystals = 1 - Math.exp(-CRYSTAL_GAIN * lines[y * side + x]);
                texture[y * side + x] = AbstractCorruption.clip(BASE_LEVEL + HAZE_WEIGHT * hazeValue + CRYSTAL_WEIGHT * crystals);
            }
        }
        return texture;
    }

    /**
     * One frond (lengths in 32 px units): a polyline of 2 px segments whose direction drifts by
     * N(0, 4 deg) per segment, with a pair of side fronds every U(2.5, 4) px.
     */
    private static void frond(Strokes strokes, SplittableRandom random, double x, double y, double angle,
                              double length, double brightness, int depth) {
        double travelled = 0;
        double nextSide = random.nextDouble(2.5, 4);
        while (travelled < length) {
            double step = Math.min(SEGMENT, length - travelled);
            double nx = x + step * Math.cos(angle);
            double ny = y + step * Math.sin(angle);
            strokes.line(x, y, nx, ny, brightness);
            x = nx;
            y = ny;
            travelled += step;
            angle += Math.toRadians(random.nextGaussian() * CURL_DEGREES);
            while (depth < MAX_DEPTH && nextSide <= travelled) {
                for (int sign = -1; sign <= 1; sign += 2) {
                    double sideLength = 0.4 * random.nextDouble(0.5, 1.0) * (length - nextSide);
                    double sideAngle = angle + sign * Math.toRadians(random.nextDouble(45, 70));
                    if (sideLength >= 1) {
                        frond(strokes, random, x, y, sideAngle, sideLength, 0.8 * brightness, depth + 1);
                    }
                }
                nextSide += random.nextDouble(2.5, 4);
            }
        }
    }

    /** Accumulates anti-aliased strokes given in 32 px units on a texture of {@code side} pixels. */
    private static final class Strokes {
        private final int side;
        private final double scale;
        private final float[] ink;

        Strokes(int side, double scale) {
            this.side = side;
            this.scale = scale;
            this.ink = new float[side * side];
        }

        void line(double x0, double y0, double x1, double y1, double brightness) {
            double length = Math.hypot(x1 - x0, y1 - y0) * scale;
            int steps = Math.max(1, (int) Math.ceil(length / STROKE_STEP));
            // Ink per unit length grows with the stroke width (0.6 px * scale) so that the blurred
            // peak brightness does not depend on the image size.
            double amount = brightness * scale * 1.5 * (length / steps);
            for (int s = 0; s <= steps; s++) {
                double t = (double) s / steps;
                splat((x0 + t * (x1 - x0)) * scale, (y0 + t * (y1 - y0)) * scale, amount);
            }
        }

        private void splat(double x, double y, double amount) {
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            double tx = x - x0;
            double ty = y - y0;
            add(y0, x0, amount * (1 - tx) * (1 - ty));
            add(y0, x0 + 1, amount * tx * (1 - ty));
            add(y0 + 1, x0, amount * (1 - tx) * ty);
            add(y0 + 1, x0 + 1, amount * tx * ty);
        }

        private void add(int y, int x, double amount) {
            if (y >= 0 && y < side && x >= 0 && x < side) {
                ink[y * side + x] += (float) amount;
            }
        }

        float[] blurred() {
            float[] out = new float[ink.length];
            GaussianFilter.plane(ink, 0, out, 0, side, side, STROKE_BLUR * scale, GaussianFilter.DEFAULT_TRUNCATE,
                    BorderMode.NEAREST, new float[ink.length]);
            return out;
        }
    }
}
