package io.cardeck.metrics.spectrum;

import io.cardeck.data.ImageShape;

/**
 * Mean over a set of images of the centred log-amplitude spectrum log(1 + |FFT2(x)|) (amplitude
 * averaged over channels): the CARD-Deck gate's reference spectrum of a domain, and its input
 * spectrum of a batch. Not thread-safe (it owns an FFT plan): use one per thread and
 * {@link #merge} them.
 */
public final class SpectrumAccumulator {

    private final FourierAmplitude fourier;
    private final SpectrumSum sum;

    public SpectrumAccumulator(ImageShape shape) {
        this.fourier = new FourierAmplitude(shape);
        this.sum = new SpectrumSum(shape);
    }

    public ImageShape shape() {
        return sum.shape;
    }

    /** Number of images added so far. */
    public long count() {
        return sum.count;
    }

    /** Adds one image, float CHW. */
    public void add(float[] image) {
        fourier.checkImage(image.length, "image");
        fourier.checkFinite(image, "image");
        fourier.accumulate(image, 0, null, 0, true, sum.values);
        sum.count++;
    }

    /** Adds every image of an NCHW batch. */
    public void addBatch(float[] images) {
        int count = fourier.imageCount(images.length, "batch");
        fourier.checkFinite(images, "batch");
        for (int n = 0; n < count; n++) {
            fourier.accumulate(images, n * shape().size(), null, 0, true, sum.values);
            sum.count++;
        }
    }

    /** Adds the images {@code other} has seen into this accumulator; {@code other} is unchanged. */
    public void merge(SpectrumAccumulator other) {
        sum.merge(other.sum);
    }

    /** The mean log-amplitude spectrum of the images added. */
    public Spectrum mean() {
        return sum.mean();
    }
}
