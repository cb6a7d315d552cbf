package io.cardeck.metrics.spectrum;

import io.cardeck.data.ImageShape;

/** Running sum of per-image spectra and their count: the mergeable state of an accumulator. */
final class SpectrumSum {

    final ImageShape shape;
    final double[] values;
    long count;

    SpectrumSum(ImageShape shape) {
        this.shape = shape;
        this.values = new double[shape.height() * shape.width()];
    }

    void merge(SpectrumSum other) {
        if (!other.shape.equals(shape)) {
            throw new IllegalArgumentException("cannot merge spectra of " + other.shape + " images into spectra of "
                    + shape + " images");
        }
        for (int i = 0; i < values.length; i++) {
            values[i] += other.values[i];
        }
        count += other.count;
    }

    Spectrum mean() {
        if (count == 0) {
            throw new IllegalStateException("no images added yet: a mean spectrum needs at least one image");
        }
        double[] mean = new double[values.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = values[i] / count;
        }
        return new Spectrum(shape.height(), shape.width(), mean);
    }
}
