package io.cardeck.metrics.spectrum;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Centred 2-D Fourier amplitude spectra of images of one shape (float CHW): |FFT2| of each
 * channel (unnormalised, as numpy's forward FFT), averaged over channels, zero frequency moved to
 * ({@code height/2}, {@code width/2}). Holds FFT plans and work buffers, so it is not
 * thread-safe: use one instance per thread.
 * <p>The amplitude of a real image is symmetric, |F(u, v)| = |F(-u, -v)|, so only the half plane
 * of columns 0..width/2 is transformed (the rows' FFTs two at a time, then complex FFTs of those columns)
 * and its amplitudes are mirrored. The half plane is also public ({@link #logAmplitudeHalfPlane}):
 * a consumer that weighs each of its frequencies by {@link #halfPlaneMultiplicity()} gets the
 * whole spectrum's sums at half the logarithms, which is what the deck's gate does per request.
 */
public final class FourierAmplitude {

    private final ImageShape shape;
    private final int plane;
    /** Columns of the half plane: 0..width/2. */
    private final int halfWidth;
    private final DoubleFFT_1D rowFft;
    private final DoubleFFT_1D columnFft;
    private final double[] row;
    /** The half plane's complex columns, column after column, each height complex values (re, im). */
    private final double[] columns;
    /** Channel-summed amplitude of the half plane, element u * halfWidth + v. */
    private final double[] halfAmplitude;
    /** Where each half-plane frequency sits in the centred spectrum, and where its mirror does (-1: none needed). */
    private final int[] centredIndex;
    private final int[] mirrorCentredIndex;
    private final double[] multiplicity;

    public FourierAmplitude(ImageShape shape) {
        if (shape.height() < 2 || shape.width() < 2) {
            throw new IllegalArgumentException("Fourier spectra need images of at least 2x2 pixels, got " + shape);
        }
        this.shape = shape;
        int height = shape.height();
        int width = shape.width();
        this.plane = height * width;
        this.halfWidth = width / 2 + 1;
        this.rowFft = new DoubleFFT_1D(width);
        this.columnFft = new DoubleFFT_1D(height);
        this.row = new double[2 * width];
        this.columns = new double[2 * height * halfWidth];
        this.halfAmplitude = new double[height * halfWidth];
        this.centredIndex = new int[height * halfWidth];
        this.mirrorCentredIndex = new int[height * halfWidth];
        this.multiplicity = new double[height * halfWidth];
        for (int u = 0; u < height; u++) {
            for (int v = 0; v < halfWidth; v++) {
                int e = u * halfWidth + v;
                centredIndex[e] = centred(u, v, height, width);
                // Columns 0 and (for an even width) width/2 hold their own mirrors; the others' mirrors
                // are in columns beyond width/2, outside the half plane.
                boolean mirrorOutside = v > 0 && width - v > width / 2;
                mirrorCentredIndex[e] = mirrorOutside ? centred((height - u) % height, width - v, height, width) : -1;
                multiplicity[e] = mirrorOutside ? 2 : 1;
            }
        }
    }

    /** numpy.fft.fftshift: frequency k moves to (k + n/2) mod n, for even and odd n. */
    private static int centred(int u, int v, int height, int width) {
        return ((u + height / 2) % height) * width + (v + width / 2) % width;
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

    /** Frequencies in the half plane: height x (width/2 + 1). */
    public int halfPlaneSize() {
        return halfAmplitude.length;
    }

    /** For each half-plane frequency, its index in the centred spectrum ({@link Spectrum#values()}). */
    public int[] halfPlaneCentredIndex() {
        return centredIndex.clone();
    }

    /**
     * For each half-plane frequency, how many frequencies of the whole spectrum it stands for: 2
     * where its mirror lies outside the half plane, else 1. They sum to height x width.
     */
    public double[] halfPlaneMultiplicity() {
        return multiplicity.clone();
    }

    /**
     * Writes log(1 + a) of the channel-averaged amplitude a of each half-plane frequency of the image
     * at {@code images[offset..]} to {@code target[targetOffset..]}. The caller checks the values are
     * finite ({@link #checkFinite}).
     */
    public void logAmplitudeHalfPlane(float[] images, int offset, double[] target, int targetOffset) {
        if (offset < 0 || offset + shape.size() > images.length) {
            throw new IllegalArgumentException("no whole " + shape + " image at offset " + offset + " of " + images.length
                    + " values");
        }
        transform(images, offset, null, 0);
        double perChannel = 1.0 / shape.channels();
        for (int e = 0; e < halfAmplitude.length; e++) {
            target[targetOffset + e] = Math.log(1 + halfAmplitude[e] * perChannel);
        }
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
        transform(image, offset, subtrahend, subtrahendOffset);
        double perChannel = 1.0 / shape.channels();
        for (int e = 0; e < halfAmplitude.length; e++) {
            double a = halfAmplitude[e] * perChannel;
            // Math.log is an intrinsic, several times faster than log1p; for a >= 0 the absolute error
            // of log(1 + a) stays within an ulp of 1
            double value = log ? Math.log(1 + a) : a;
            sum[centredIndex[e]] += value;
            if (mirrorCentredIndex[e] >= 0) {
                sum[mirrorCentredIndex[e]] += value;
            }
        }
    }

    /** The channel-summed half-plane amplitude of one image (or image difference) into {@link #halfAmplitude}. */
    private void transform(float[] image, int offset, float[] subtrahend, int subtrahendOffset) {
        Arrays.fill(halfAmplitude, 0);
        int width = shape.width();
        int height = shape.height();
        int columnLength = 2 * height;
        for (int c = 0; c < shape.channels(); c++) {
            int base = offset + c * plane;
            int subtrahendBase = subtrahendOffset + c * plane;
            // Two real rows in one complex FFT (row u as the real part, row u + 1 as the imaginary
            // part), separated by conjugate symmetry: half the row transforms.
            for (int u = 0; u < height; u += 2) {
                boolean pair = u + 1 < height;
                for (int x = 0; x < width; x++) {
                    row[2 * x] = pixel(image, base + u * width + x, subtrahend, subtrahendBase + u * width + x);
                    row[2 * x + 1] = pair ? pixel(image, base + (u + 1) * width + x, subtrahend,
                            subtrahendBase + (u + 1) * width + x) : 0;
                }
                rowFft.complexForward(row);
                for (int v = 0; v < halfWidth; v++) {
                    int mirror = 2 * ((width - v) % width);
                    double re = row[2 * v];
                    double im = row[2 * v + 1];
                    double mirrorRe = row[mirror];
                    double mirrorIm = row[mirror + 1];
                    int at = v * columnLength + 2 * u;
                    columns[at] = (re + mirrorRe) / 2;
                    columns[at + 1] = (im - mirrorIm) / 2;
                    if (pair) {
                        columns[at + 2] = (im + mirrorIm) / 2;
                        columns[at + 3] = (mirrorRe - re) / 2;
                    }
                }
            }
            for (int v = 0; v < halfWidth; v++) {
                columnFft.complexForward(columns, v * columnLength);
            }
            for (int u = 0; u < height; u++) {
                for (int v = 0; v < halfWidth; v++) {
                    double re = columns[v * columnLength + 2 * u];
                    double im = columns[v * columnLength + 2 * u + 1];
                    halfAmplitude[u * halfWidth + v] += Math.sqrt(re * re + im * im);
                }
            }
        }
    }

    private static double pixel(float[] image, int at, float[] subtrahend, int subtrahendAt) {
        return subtrahend == null ? image[at] : (double) image[at] - subtrahend[subtrahendAt];
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
    public void checkFinite(float[] images, String what) {
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
