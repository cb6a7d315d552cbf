package io.cardeck.deck;

import io.cardeck.deck.gate.GateFeature;
import io.cardeck.deck.gate.SpectralBands;
import io.cardeck.deck.gate.SpectralDistance;

/**
 * A deck's gate settings.
 *
 * @param k           the number of closest domains whose CARDs answer (gated mode); at least 1
 * @param feature     what of the spectrum the gate compares
 * @param bands       the number of radial bands for {@link GateFeature#BANDS}; 0 for the whole spectrum
 * @param weighting   how the chosen cards' outputs are combined
 * @param temperature of {@link Weighting#SOFT}: domain weights are softmax(-d / (temperature x the row's
 *                    mean distance)), so that one value means the same for every feature and distance
 *                    (0.1: a domain 10% of the mean distance farther weighs e times less); 0 for
 *                    {@link Weighting#EQUAL}
 */
public record Gating(DeckMode mode, int k, Granularity granularity, SpectralDistance distance, GateFeature feature,
                     int bands, Weighting weighting, double temperature) {

    public static final int DEFAULT_K = 1;
    public static final int DEFAULT_BANDS = 3;
    public static final double DEFAULT_TEMPERATURE = 0.1;
    public static final double MIN_TEMPERATURE = 0.001;
    public static final double MAX_TEMPERATURE = 1000;

    public Gating {
        if (mode == null || granularity == null || distance == null || feature == null || weighting == null) {
            throw new IllegalArgumentException("gating needs a mode, a granularity, a distance, a feature and a weighting");
        }
        if (k < 1) {
            throw new IllegalArgumentException("gating k (the number of domains to use) must be at least 1, got " + k);
        }
        if (feature == GateFeature.BANDS && (bands < SpectralBands.MIN_BANDS || bands > SpectralBands.MAX_BANDS)) {
            throw new IllegalArgumentException("gating bands must be between " + SpectralBands.MIN_BANDS + " and "
                    + SpectralBands.MAX_BANDS + ", got " + bands);
        }
        if (feature == GateFeature.SPECTRUM && bands != 0) {
            throw new IllegalArgumentException("gating bands apply to the feature 'bands' only; the whole spectrum has none");
        }
        if (weighting == Weighting.SOFT && !(temperature >= MIN_TEMPERATURE && temperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("gating temperature must be between " + MIN_TEMPERATURE + " and "
                    + MAX_TEMPERATURE + ", got " + temperature);
        }
        if (weighting == Weighting.EQUAL && temperature != 0) {
            throw new IllegalArgumentException("a gating temperature applies to the weighting 'soft' only");
        }
    }

    /** The whole spectrum and equal weights: the gate as it was first specified. */
    public Gating(DeckMode mode, int k, Granularity granularity, SpectralDistance distance) {
        this(mode, k, granularity, distance, GateFeature.SPECTRUM, 0, Weighting.EQUAL, 0);
    }

    /** Gated on the single closest domain, per sample, by L1 distance of the whole spectrum. */
    public static Gating defaults() {
        return new Gating(DeckMode.GATED, DEFAULT_K, Granularity.SAMPLE, SpectralDistance.L1);
    }

    public Gating withFeature(GateFeature newFeature, int newBands) {
        return new Gating(mode, k, granularity, distance, newFeature, newBands, weighting, temperature);
    }

    public Gating withWeighting(Weighting newWeighting, double newTemperature) {
        return new Gating(mode, k, granularity, distance, feature, bands, newWeighting, newTemperature);
    }
}
