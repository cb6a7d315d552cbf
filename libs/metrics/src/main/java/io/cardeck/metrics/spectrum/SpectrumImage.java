package io.cardeck.metrics.spectrum;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Renders a spectrum as a grayscale PNG for docs and figures. */
public final class SpectrumImage {

    public static final int MAX_SCALE = 64;

    private SpectrumImage() {
    }

    /**
     * Writes {@code spectrum} to {@code file} as an 8-bit grayscale PNG, its minimum black and its
     * maximum white (all black when constant), each value drawn as a {@code scale x scale} block.
     * Render a log spectrum to see more than the zero-frequency peak.
     */
    public static void writePng(Spectrum spectrum, int scale, Path file) throws IOException {
        if (scale < 1 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale must be 1.." + MAX_SCALE + " pixels per value, got " + scale);
        }
        double[] values = spectrum.values();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double toGray = max > min ? 255 / (max - min) : 0;
        int width = spectrum.width();
        BufferedImage image = new BufferedImage(width * scale, spectrum.height() * scale, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                raster.setSample(x, y, 0, (int) Math.round((values[(y / scale) * width + x / scale] - min) * toGray));
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            ImageIO.write(image, "png", out);
        }
    }
}
