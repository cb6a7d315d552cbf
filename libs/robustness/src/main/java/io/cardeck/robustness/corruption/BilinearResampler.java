package io.cardeck.robustness.corruption;

/** Bilinear interpolation of one image plane at real-valued coordinates (pixel centres at integers). */
final class BilinearResampler {

    private BilinearResampler() {
    }

    /** The plane's value at row {@code y}, column {@code x}; the taps beyond the edges follow {@code border}. */
    static float sample(float[] plane, int offset, int h, int w, double y, double x, BorderMode border) {
        double floorY = Math.floor(y);
        double floorX = Math.floor(x);
        int y0 = (int) floorY;
        int x0 = (int) floorX;
        double ty = y - floorY;
        double tx = x - floorX;
        int top = offset + border.index(y0, h) * w;
        int bottom = offset + border.index(y0 + 1, h) * w;
        int left = border.index(x0, w);
        int right = border.index(x0 + 1, w);
        double upper = plane[top + left] + tx * (plane[top + right] - plane[top + left]);
        double lower = plane[bottom + left] + tx * (plane[bottom + right] - plane[bottom + left]);
        return (float) (upper + ty * (lower - upper));
    }
}
