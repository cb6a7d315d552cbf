package io.cardeck.metrics.spectrum;

import io.cardeck.data.ImageShape;

/**
 * The Fourier spectrum of a corruption C (Yin et al. 2019): the mean over images of the centred
 * amplitude |FFT2(C(x) - x)|, averaged over channels, from (clean, corrupted) pairs the caller
 * makes. Not thread-safe (it owns an FFT plan): use one per thread and {@link #merge} them.
 */
public final class CorruptionSpectrumAccumulator {

    private final FourierAmplitude fourier;
    private final SpectrumSum sum;

    public CorruptionSpectrumAccumulator(ImageShape shape) {
        this.fourier = new FourierAmplitude(shape);
        this.sum = new SpectrumSum(shape);
    }

    public ImageShape shape() {
        return sum.shape;
    }

    /** Number of image pairs added so far. */
    public long count() {
        return sum.count;
    }

    /** Adds one pair of images, float CHW. */
    public void add(float[] clean, float[] corrupted) {
        fourier.checkImage(clean.length, "clean image");
        fourier.checkImage(corrupted.length, "corrupted image");
        fourier.checkFinite(clean, "clean image");
        fourier.checkFinite(corrupted, "corrupted image");
        fourier.accumulate(corrupted, 0, clean, 0, false, sum.values);
        sum.count++;
    }

    /** Adds every pair of two NCHW batches holding the same images, clean and corrupted. */
    public void addBatch(float[] clean, float[] corrupted) {
        int count = fourier.imageCount(clean.length, "clean batch");
        if (corrupted.length != clean.length) {
            throw new IllegalArgumentException("corrupted batch has " + corrupted.length + " values, clean batch "
                    + clean.length + "; they must hold the same images");
        }
        fourier.checkFinite(clean, "clean batch");
        fourier.checkFinite(corrupted, "corrupted batch");
        int size = shape().size();
        for (int n = 0; n < count; n++) {
            fourier.accumulate(corrupted, n * size, clean, n * size, false, sum.values);
            sum.count++;
        }
    }

    /** Adds the pairs {@code other} has seen into this accumulator; {@code other} is unchanged. */
    public void merge(CorruptionSpectrumAccumulator other) {
        sum.merge(other.sum);
    }

    /** The mean amplitude spectrum of the corruption over the pairs added. */
    public Spectrum mean() {
        return sum.mean();
    }
}
