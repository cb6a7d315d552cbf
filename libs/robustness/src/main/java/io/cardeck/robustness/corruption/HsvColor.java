package io.cardeck.robustness.corruption;

/**
 * Edits of RGB images in HSV space with skimage's {@code rgb2hsv}/{@code hsv2rgb} conventions, which
 * the generator uses: V = max, S = (max - min) / max (0 where max = min), hue 0 where max = min, ties
 * for the maximum resolved blue over green over red. A gray pixel therefore has hue 0 (red), so
 * adding saturation to it tints it red, exactly as in the published data.
 */
final class HsvColor {

    private HsvColor() {
    }

    /**
     * For each pixel of a CHW RGB image: S' = clip(S * saturationScale + saturationShift),
     * V' = clip(V + valueShift), hue unchanged; writes the RGB result to {@code out}.
     */
    static void adjust(float[] rgb, float[] out, int pixels,
                       double saturationScale, double saturationShift, double valueShift) {
        for (int p = 0; p < pixels; p++) {
            double r = rgb[p];
            double g = rgb[pixels + p];
            double b = rgb[2 * pixels + p];
            double value = Math.max(r, Math.max(g, b));
            double delta = value - Math.min(r, Math.min(g, b));
            double saturation = 0;
            double hue = 0;
            if (delta != 0) {
                saturation = delta / value;
                double sector;
                if (b == value) {
                    sector = 4 + (r - g) / delta;
                } else if (g == value) {
                    sector = 2 + (b - r) / delta;
                } else {
                    sector = (g - b) / delta;
                }
                hue = sector / 6;
                hue -= Math.floor(hue);
            }
            saturation = clip(saturation * saturationScale + saturationShift);
            value = clip(value + valueShift);

            double scaled = hue * 6;
            double sector = Math.floor(scaled);
            double f = scaled - sector;
            double pLow = value * (1 - saturation);
            double qFalling = value * (1 - f * saturation);
            double tRising = value * (1 - (1 - f) * saturation);
            double outR;
            double outG;
            double outB;
            switch (((int) sector) % 6) {
                case 0 -> { outR = value; outG = tRising; outB = pLow; }
                case 1 -> { outR = qFalling; outG = value; outB = pLow; }
                case 2 -> { outR = pLow; outG = value; outB = tRising; }
                case 3 -> { outR = pLow; outG = qFalling; outB = value; }
                case 4 -> { outR = tRising; outG = pLow; outB = value; }
                default -> { outR = value; outG = pLow; outB = qFalling; }
            }
            out[p] = (float) outR;
            out[pixels + p] = (float) outG;
            out[2 * pixels + p] = (float) outB;
        }
    }

    private static double clip(double v) {
        return Math.min(1.0, Math.max(0.0, v));
    }
}
