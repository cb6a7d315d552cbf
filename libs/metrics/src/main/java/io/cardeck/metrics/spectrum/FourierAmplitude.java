package io.cardeck.metrics.spectrum;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Centred 2-D Fourier amplitude spectra of images of one shape (float CHW): |FFT2| of each
 * channel (unnormalised, as numpy's forward FFT), averaged over channels, zero frequency moved to
 * ({@code height/2}, {@code width/2}). Holds an FFT plan and work buffers, so it is not
 * thread-safe: use one instance per thread.
 */
public final class FourierAmplitude {

    private final ImageShape shape;
    private final int plane;
    private final DoubleFFT_2D fft;
    /** Real input in the first height x width values, then the full complex result (height x 2*width). */
    private final double[] buffer;
    /** Channel-summed amplitude, already in centred order. */
    private final double[] amplitude;
    /** For frequency index {@code u * width + v}, its position in the centred spectrum. */
    private final int[] centredIndex;

    public FourierAmplitude(ImageShape shape) {
        if (shape.height() < 2 || shape.width() < 2) {
            throw new IllegalArgumentException("Fourier spectra need images of at least 2x2 pixels, got " + shape);
        }
        this.shape = shape;
        int height = shape.height();
        int width = shape.width();
        this.plane = height * width;
        this.fft = new DoubleFFT_2D(height, width);
        this.buffer = new double[2 * plane];
        this.amplitude = new double[plane];
        this.centredIndex = new int[plane];
        for (int u = 0; u < height; u++) {
            for (int v = 0; v < width; v++) {
                // numpy.fft.fftshift: frequency k moves to (k + n/2) mod n, for even and odd n
                centredIndex[u * width + v] = ((u + height / 2) % height) * width + (v + width / 2) % width;
            }
        }
    }

    public ImageShape shape() {
        return shape;
    }

    /** Centred amplitude spectrum |FFT2(image)|, averaged over channels. */
    public Spectrum amplitude(float[] image) {
        return single(image, false);
    }

    /** Centred log-amplitude spectrum log(1 + a) of the channel-averaged amplitude a. */
    public Spectrum logAmplitude(float[] image) {
        return single(image, true);
    }

    private Spectrum single(float[] image, boolean log) {
        checkImage(image.length, "image");
        checkFinite(image, "image");
        double[] values = new double[plane];
        accumulate(image, 0, null, 0, log, values);
        return new Spectrum(shape.height(), shape.width(), values);
    }

    /**
     * Adds the spectrum of {@code image[offset..]} (minus {@code subtrahend[subtrahendOffset..]}
     * when that is not null) to {@code sum}, as log(1 + a) when {@code log}, else as a.
     */
    void accumulate(float[] image, int offset, float[] subtrahend, int subtrahendOffset, boolean log, double[] sum) {
        Arrays.fill(amplitude, 0);
        int width = shape.width();
        int height = shape.height();
        for (int c = 0; c < shape.channels(); c++) {
            int base = offset + c * plane;
            if (subtrahend == null) {
                for (int i = 0; i < plane; i++) {
                    buffer[i] = image[base + i];
                }
            } else {
                int subtrahendBase = subtrahendOffset + c * plane;
                for (int i = 0; i < plane; i++) {
                    buffer[i] = (double) image[base + i] - subtrahend[subtrahendBase + i];
                }
            }
            fft.realForwardFull(buffer);
            for (int u = 0; u < height; u++) {
                int row = u * 2 * width;
                for (int v = 0; v < width; v++) {
                    double re = buffer[row + 2 * v];
                    double im = buffer[row + 2 * v + 1];
                    amplitude[centredIndex[u * width + v]] += Math.sqrt(re * re + im * im);
                }
            }
        }
        double perChannel = 1.0 / shape.channels();
        if (log) {
            // Math.log is an intrinsic, several times faster than log1p; for a >= 0 the absolute error
            // of log(1 + a) stays within an ulp of 1
            for (int i = 0; i < plane; i++) {
                sum[i] += Math.log(1 + amplitude[i] * perChannel);
            }
        } else {
            for (int i = 0; i < plane; i++) {
                sum[i] += amplitude[i] * perChannel;
            }
        }
    }

    /** Number of images in an array of {@code length} floats, validated against the shape. */
    int imageCount(int length, String what) {
        if (length % shape.size() != 0) {
            throw new IllegalArgumentException(what + " has " + length + " values, not a whole number of "
                    + shape + " images (" + shape.size() + " values each, NCHW)");
        }
        return length / shape.size();
    }

    /**
     * Rejects a non-finite value in {@code images} (one or more CHW images), naming where it is.
     * Callers check a whole batch before transforming any of it, so a rejected batch adds nothing.
     */
    void checkFinite(float[] images, String what) {
        for (int i = 0; i < images.length; i++) {
            if (!Float.isFinite(images[i])) {
                int inImage = i % shape.size();
                int inPlane = inImage % plane;
                throw new IllegalArgumentException(what + " holds " + images[i] + " at image " + i / shape.size()
                        + ", channel " + inImage / plane + ", row " + inPlane / shape.width() + ", column "
                        + inPlane % shape.width() + "; pixel values must be finite");
            }
        }
    }

    void checkImage(int length, String what) {
        if (length != shape.size()) {
            throw new IllegalArgumentException(what + " has " + length + " values; a " + shape + " image (CHW) has "
                    + shape.size());
        }
    }
}
