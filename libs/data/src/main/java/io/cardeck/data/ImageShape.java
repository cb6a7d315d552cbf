package io.cardeck.data;

/** Shape of one image: channels x height x width (the CHW part of an NCHW tensor). */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (gray) or 3 (RGB), got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("height and width must be positive, got " + height + "x" + width);
        }
    }

    /** Number of values in one image. */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
