package io.cardeck.deck;

import io.cardeck.deck.gate.SpectralDistance;

/**
 * A deck's gate settings.
 *
 * @param k the number of closest domains whose CARDs answer (gated mode); at least 1
 */
public record Gating(DeckMode mode, int k, Granularity granularity, SpectralDistance distance) {

    public static final int DEFAULT_K = 1;

    public Gating {
        if (mode == null || granularity == null || distance == null) {
            throw new IllegalArgumentException("gating needs a mode, a granularity and a distance");
        }
        if (k < 1) {
            throw new IllegalArgumentException("gating k (the number of domains to use) must be at least 1, got " + k);
        }
    }

    /** Gated on the single closest domain, per sample, by L1 distance. */
    public static Gating defaults() {
        return new Gating(DeckMode.GATED, DEFAULT_K, Granularity.SAMPLE, SpectralDistance.L1);
    }
}
