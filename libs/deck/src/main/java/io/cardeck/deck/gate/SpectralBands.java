package io.cardeck.deck.gate;

import io.cardeck.data.ImageShape;

/**
 * Radial frequency bands of a centred spectrum: the normalised radius
 * rho = sqrt((du / (height/2))^2 + (dv / (width/2))^2) of a frequency (du, dv) from the centre is
 * 0 at the zero frequency and 1 at the Nyquist frequency of either axis; band b of B holds
 * b/B <= rho < (b+1)/B, and the last band also the corners beyond rho = 1. Band 0 holds the
 * zero frequency (the image's mean brightness).
 */
public final class SpectralBands {

    public static final int MIN_BANDS = 2;
    public static final int MAX_BANDS = 8;

    private final int count;
    private final ImageShape shape;

    public SpectralBands(ImageShape shape, int count) {
        if (count < MIN_BANDS || count > MAX_BANDS) {
            throw new IllegalArgumentException("bands must be between " + MIN_BANDS + " and " + MAX_BANDS + ", got " + count);
        }
        this.shape = shape;
        this.count = count;
        int[] members = new int[count];
        for (int i = 0; i < shape.height() * shape.width(); i++) {
            members[bandOf(i)]++;
        }
        for (int b = 0; b < count; b++) {
            if (members[b] == 0) {
                throw new IllegalArgumentException(count + " bands are too many for " + shape.height() + "x" + shape.width()
                        + " images: band " + b + " holds no frequency");
            }
        }
    }

    public int count() {
        return count;
    }

    /** The band of the frequency at {@code centredIndex} (row-major) of a centred spectrum. */
    public int bandOf(int centredIndex) {
        int height = shape.height();
        int width = shape.width();
        double du = (centredIndex / width - height / 2) / (height / 2.0);
        double dv = (centredIndex % width - width / 2) / (width / 2.0);
        double rho = Math.sqrt(du * du + dv * dv);
        return Math.min(count - 1, (int) Math.floor(rho * count));
    }
}
