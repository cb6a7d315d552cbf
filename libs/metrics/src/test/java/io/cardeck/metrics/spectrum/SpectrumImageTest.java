package io.cardeck.metrics.spectrum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrumImageTest {

    @TempDir
    Path directory;

    @Test
    void writesAScaledGrayscalePngFromMinimumToMaximum() throws IOException {
        Spectrum spectrum = new Spectrum(2, 3, new double[] {-1, 0, 1, 3, 1, -1});
        Path file = directory.resolve("spectrum.png");
        SpectrumImage.writePng(spectrum, 4, file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(12, image.getWidth());
        assertEquals(8, image.getHeight());
        // -1 -> 0, 3 -> 255, 0 -> 255/4 = 63.75 -> 64, 1 -> 127.5 -> 128
        int[][] expected = {{0, 64, 128}, {255, 128, 0}};
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 12; x++) {
                assertEquals(expected[y / 4][x / 4], image.getRaster().getSample(x, y, 0), "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void aConstantSpectrumIsBlack() throws IOException {
        Path file = directory.resolve("flat.png");
        SpectrumImage.writePng(new Spectrum(2, 2, new double[] {5, 5, 5, 5}), 1, file);
        BufferedImage image = ImageIO.read(file.toFile());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(0, image.getRaster().getSample(x, y, 0));
            }
        }
    }

    @Test
    void rejectsBadScaleAndMissingDirectory() {
        Spectrum spectrum = new Spectrum(1, 1, new double[] {0});
        assertThrows(IllegalArgumentException.class, () -> SpectrumImage.writePng(spectrum, 0, directory.resolve("a.png")));
        assertThrows(IllegalArgumentException.class, () -> SpectrumImage.writePng(spectrum, 65, directory.resolve("a.png")));
        assertThrows(IOException.class, () -> SpectrumImage.writePng(spectrum, 1, directory.resolve("missing/a.png")));
    }
}
