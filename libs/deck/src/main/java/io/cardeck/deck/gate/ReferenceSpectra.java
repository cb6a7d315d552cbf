package io.cardeck.deck.gate;

import io.cardeck.augmentation.Augmentation;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.metrics.spectrum.Spectrum;
import io.cardeck.metrics.spectrum.SpectrumAccumulator;
import java.util.SplittableRandom;

/**
 * A training domain's reference spectrum: the mean centred log-amplitude spectrum of calibration
 * images after the domain's augmentation, the same pipeline the trainer applied to the domain's CARDs.
 */
public final class ReferenceSpectra {

    private ReferenceSpectra() {
    }

    /**
     * The reference spectrum of {@code domain} from the first {@code count} images of {@code calibration}.
     * The augmentation draws from {@code seed} only, so the same arguments give the same spectrum.
     */
    public static Spectrum of(ImageDataset calibration, int count, Augmentation domain, long seed) {
        if (count < 1 || count > calibration.size()) {
            throw new IllegalArgumentException("calibration image count must be between 1 and " + calibration.size()
                    + " (the images of " + calibration.name() + "), got " + count);
        }
        ImageShape shape = calibration.shape();
        SpectrumAccumulator accumulator = new SpectrumAccumulator(shape);
        SplittableRandom random = new SplittableRandom(seed);
        float[] image = new float[shape.size()];
        for (int i = 0; i < count; i++) {
            calibration.readImage(i, image, 0);
            accumulator.add(domain.apply(image, shape, random.split()));
        }
        return accumulator.mean();
    }
}
