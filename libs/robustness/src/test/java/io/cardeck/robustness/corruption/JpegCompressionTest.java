package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

class JpegCompressionTest {

    private static final int[] QUALITY = {80, 65, 58, 50, 40};

    /** ITU T.81 Annex K tables, natural order: libjpeg's std_luminance/chrominance_quant_tbl. */
    private static final int[] LUMINANCE = {
            16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
            14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
            18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
            49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    private static final int[] CHROMINANCE = {
            17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
            24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
            99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
            99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};
    /** Natural-order index of each zigzag position (DQT segments store tables in zigzag order). */
    private static final int[] ZIGZAG = {
            0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
            35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

    /** libjpeg's jpeg_quality_scaling and jpeg_add_quant_table (baseline). */
    private static int[] libjpegTable(int[] base, int quality) {
        int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        int[] table = new int[64];
        for (int i = 0; i < 64; i++) {
            table[i] = Math.max(1, Math.min(255, (base[i] * scale + 50) / 100));
        }
        return table;
    }

    /** The quantisation tables of a JPEG file, in natural order, by parsing its DQT segments. */
    private static List<int[]> quantisationTables(byte[] jpeg) {
        List<int[]> tables = new ArrayList<>();
        for (int i = 2; i + 3 < jpeg.length; ) {
            int marker = jpeg[i + 1] & 0xFF;
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == 0xDA) {
                break;
            }
            if (marker == 0xDB) {
                for (int at = i + 4; at < i + 2 + length; at += 65) {
                    assertEquals(0, (jpeg[at] & 0xF0) >> 4, "8-bit tables expected");
                    int[] natural = new int[64];
                    for (int k = 0; k < 64; k++) {
                        natural[ZIGZAG[k]] = jpeg[at + 1 + k] & 0xFF;
                    }
                    tables.add(natural);
                }
            }
            i += 2 + length;
        }
        return tables;
    }

    @Test
    void javasQualityScalesTheStandardTablesExactlyAsLibjpegDoes() {
        JpegCompression jpeg = new JpegCompression();
        ImageShape shape = new ImageShape(3, 16, 16);
        float[] image = TestImages.synthetic(shape, 1);
        for (int quality : QUALITY) {
            List<int[]> tables = quantisationTables(jpeg.encode(image, shape, quality));
            assertEquals(2, tables.size(), "luminance and chrominance tables at quality " + quality);
            assertArrayEquals(libjpegTable(LUMINANCE, quality), tables.get(0), "luminance, quality " + quality);
            assertArrayEquals(libjpegTable(CHROMINANCE, quality), tables.get(1), "chrominance, quality " + quality);
        }
    }

    @Test
    void aFlatGrayImageComesBackWithinOneLevel() {
        for (ImageShape shape : new ImageShape[] {new ImageShape(1, 28, 28), new ImageShape(3, 32, 32)}) {
            float[] flat = new float[shape.size()];
            Arrays.fill(flat, 128 / 255f);
            for (int severity = 1; severity <= 5; severity++) {
                for (float v : new JpegCompression().apply(flat, shape, severity, new SplittableRandom(0))) {
                    assertEquals(128 / 255f, v, 1 / 255f + 1e-6, shape + " s" + severity);
                }
            }
        }
    }

    /** An encode/decode written independently: raster samples in, ImageIO.read out. */
    private static float[] imageIoRoundTrip(float[] image, ImageShape shape, int quality) throws IOException {
        int h = shape.height();
        int w = shape.width();
        BufferedImage source = new BufferedImage(w, h,
                shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = source.getRaster();
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.setSample(x, y, c, Math.round(image[c * h * w + y * w + x] * 255));
                }
            }
        }
        ImageWriter writer = ImageIO.getImageWritersBySuffix("jpg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(source, null, null), param);
        } finally {
            writer.dispose();
        }
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        float[] result = new float[image.length];
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    result[c * h * w + y * w + x] = decoded.getRaster().getSample(x, y, c) / 255f;
                }
            }
        }
        return result;
    }

    @Test
    void equalsAnIndependentImageIoRoundTripAtEachQuality() throws IOException {
        List<float[]> images = List.of(TestImages.synthetic(new ImageShape(3, 32, 32), 5), TestImages.fashionMnist(1)[0]);
        List<ImageShape> shapes = List.of(new ImageShape(3, 32, 32), TestImages.FASHION_MNIST);
        for (int k = 0; k < images.size(); k++) {
            for (int severity = 1; severity <= 5; severity++) {
                float[] expected = imageIoRoundTrip(images.get(k), shapes.get(k), QUALITY[severity - 1]);
                float[] actual = new JpegCompression().apply(images.get(k), shapes.get(k), severity, new SplittableRandom(0));
                assertArrayEquals(expected, actual, shapes.get(k) + " s" + severity);
            }
        }
    }

    @Test
    void colourImagesAreSubsampledFourTwoZero() {
        byte[] file = new JpegCompression().encode(TestImages.synthetic(new ImageShape(3, 16, 16), 2), new ImageShape(3, 16, 16), 80);
        // SOF0: FF C0, length, precision, height, width, components, then (id, HV sampling, table) each.
        int sof = -1;
        for (int i = 0; i + 1 < file.length; i++) {
            if ((file[i] & 0xFF) == 0xFF && (file[i + 1] & 0xFF) == 0xC0) {
                sof = i;
                break;
            }
        }
        assertTrue(sof > 0, "baseline SOF0 marker expected");
        assertEquals(3, file[sof + 9]);
        assertEquals(0x22, file[sof + 11] & 0xFF, "luma 2x2");
        assertEquals(0x11, file[sof + 14] & 0xFF, "Cb 1x1");
        assertEquals(0x11, file[sof + 17] & 0xFF, "Cr 1x1");
    }
}
