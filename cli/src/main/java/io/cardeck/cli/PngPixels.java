package io.cardeck.cli;

import io.cardeck.data.ImageShape;
import java.awt.image.BufferedImage;

/** A decoded image as a model's input: CHW floats in [0, 1], gray or RGB as the model takes. */
final class PngPixels {

    private PngPixels() {}

    /** 1 for a gray image, 3 for any other (colour, palette). */
    static int channels(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
    }

    /**
     * The image's pixels in {@code shape}: a gray image's samples as they are, a colour image's as ITU-R BT.601 luma
     * (what PIL and OpenCV give) for a one-channel model; a gray image repeated over three channels for an RGB model;
     * transparency dropped.
     *
     * @throws IllegalStateException when the image's height and width are not the shape's, naming both
     */
    static float[] fit(BufferedImage image, ImageShape shape, String description) {
        if (image.getHeight() != shape.height() || image.getWidth() != shape.width()) {
            throw new IllegalStateException(description + " is " + image.getWidth() + "x" + image.getHeight()
                    + " pixels but the deck takes " + shape.width() + "x" + shape.height() + " (width x height), "
                    + shape.channels() + " channel(s)");
        }
        int plane = shape.height() * shape.width();
        boolean gray = channels(image) == 1;
        int maximum = (1 << image.getColorModel().getComponentSize(0)) - 1;
        float[] pixels = new float[shape.size()];
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int at = y * shape.width() + x;
                // A gray image's own samples (8 or 16 bits): getRGB would pass them through a colour conversion.
                float r;
                float g;
                float b;
                if (gray) {
                    r = g = b = (float) image.getRaster().getSample(x, y, 0) / maximum;
                } else {
                    int rgb = image.getRGB(x, y);
                    r = ((rgb >> 16) & 0xFF) / 255f;
                    g = ((rgb >> 8) & 0xFF) / 255f;
                    b = (rgb & 0xFF) / 255f;
                }
                if (shape.channels() == 1) {
                    pixels[at] = gray ? r : (float) (0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    pixels[at] = r;
                    pixels[plane + at] = g;
                    pixels[2 * plane + at] = b;
                }
            }
        }
        return pixels;
    }
}
