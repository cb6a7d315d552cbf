package io.cardeck.robustness.corruption;

/** ITU-R BT.601 luma, as OpenCV's RGB2GRAY: how colours of the generator map to gray images. */
final class Luminance {

    static final double RED = 0.299;
    static final double GREEN = 0.587;
    static final double BLUE = 0.114;

    private Luminance() {
    }

    static double of(double r, double g, double b) {
        return RED * r + GREEN * g + BLUE * b;
    }
}
