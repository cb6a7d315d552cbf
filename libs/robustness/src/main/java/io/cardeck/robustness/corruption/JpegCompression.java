package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * jpeg_compression: baseline JPEG encode and decode at a quality, through javax.imageio (built on
 * IJG libjpeg, as Pillow is). Java's quality q/100 scales the standard (Annex K) quantisation
 * tables exactly as libjpeg's {@code jpeg_set_quality(q)}; colour images are YCbCr with 4:2:0 chroma
 * subsampling, Pillow's default too. Pixels are rounded to 8 bits before encoding.
 */
public final class JpegCompression extends AbstractCorruption {

    private static final double[] QUALITY = {80, 65, 58, 50, 40};

    public JpegCompression() {
        super("jpeg_compression", true, describe("quality", QUALITY));
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        BufferedImage decoded = decode(encode(image, shape, (int) QUALITY[severity - 1]), shape);
        byte[] pixels = ((DataBufferByte) decoded.getRaster().getDataBuffer()).getData();
        int plane = shape.height() * shape.width();
        int channels = shape.channels();
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) {
                // TYPE_3BYTE_BGR interleaves blue, green, red.
                int stored = channels == 1 ? p : 3 * p + 2 - c;
                out[c * plane + p] = (pixels[stored] & 0xFF) / 255f;
            }
        }
    }

    /** The JPEG file of the image at {@code quality} (1..100). */
    byte[] encode(float[] image, ImageShape shape, int quality) {
        BufferedImage buffered = new BufferedImage(shape.width(), shape.height(), imageType(shape));
        byte[] pixels = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
        int plane = shape.height() * shape.width();
        int channels = shape.channels();
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) {
                int stored = channels == 1 ? p : 3 * p + 2 - c;
                pixels[stored] = (byte) Math.round(image[c * plane + p] * 255f);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            JPEGImageWriteParam param = new JPEGImageWriteParam(null);
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding of a " + shape + " image failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage decode(byte[] jpeg, ImageShape shape) {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(stream);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setDestination(new BufferedImage(shape.width(), shape.height(), imageType(shape)));
            return reader.read(0, param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decoding of a " + shape + " image failed", e);
        } finally {
            reader.dispose();
        }
    }

    private static int imageType(ImageShape shape) {
        return shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
    }
}
