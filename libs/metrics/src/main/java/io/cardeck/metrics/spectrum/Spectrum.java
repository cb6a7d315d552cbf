package io.cardeck.metrics.spectrum;

import java.util.Arrays;

/**
 * A centred 2-D Fourier spectrum: {@code values} holds {@code height x width} row-major, zero
 * frequency at ({@code height/2}, {@code width/2}) as after numpy's {@code fftshift}.
 */
public record Spectrum(int height, int width, double[] values) {

    public Spectrum {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("spectrum size must be positive, got " + height + "x" + width);
        }
        if (values.length != height * width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " spectrum needs " + height * width
                    + " values, got " + values.length);
        }
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("spectrum value at row " + i / width + ", column " + i % width + " is "
                        + values[i] + "; values must be finite");
            }
        }
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double value(int row, int column) {
        if (row < 0 || row >= height || column < 0 || column >= width) {
            throw new IndexOutOfBoundsException("(" + row + ", " + column + ") is outside a " + height + "x" + width + " spectrum");
        }
        return values[row * width + column];
    }

    /** Mean absolute difference, so that spectra of different images sizes give comparable distances. */
    public double l1Distance(Spectrum other) {
        checkSameSize(other);
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += Math.abs(values[i] - other.values[i]);
        }
        return sum / values.length;
    }

    /** Root mean squared difference (the Euclidean distance scaled by 1/sqrt(values)). */
    public double l2Distance(Spectrum other) {
        checkSameSize(other);
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            double d = values[i] - other.values[i];
            sum += d * d;
        }
        return Math.sqrt(sum / values.length);
    }

    /**
     * 1 - cosine similarity. An all-zero spectrum (a black image's) has no direction: it is at
     * distance 0 from another all-zero spectrum and 1 from any other, rather than an error.
     */
    public double cosineDistance(Spectrum other) {
        checkSameSize(other);
        double dot = 0;
        double norm = 0;
        double otherNorm = 0;
        for (int i = 0; i < values.length; i++) {
            dot += values[i] * other.values[i];
            norm += values[i] * values[i];
            otherNorm += other.values[i] * other.values[i];
        }
        if (norm == 0 || otherNorm == 0) {
            return norm == otherNorm ? 0 : 1;
        }
        return 1 - dot / Math.sqrt(norm * otherNorm);
    }

    private void checkSameSize(Spectrum other) {
        if (other.height != height || other.width != width) {
            throw new IllegalArgumentException("cannot compare a " + height + "x" + width + " spectrum with a "
                    + other.height + "x" + other.width + " one: spectra must come from images of the same size");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spectrum s && s.height == height && s.width == width && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Spectrum[" + height + "x" + width + "]";
    }
}
