package io.cardeck.metrics.spectrum;

import java.util.Locale;

/** How far apart two spectra are; the CARD-Deck gate ranks domains by {@link #L1} unless told otherwise. */
public enum SpectrumDistance {
    L1, L2, COSINE;

    public double between(Spectrum a, Spectrum b) {
        return switch (this) {
            case L1 -> a.l1Distance(b);
            case L2 -> a.l2Distance(b);
            case COSINE -> a.cosineDistance(b);
        };
    }

    /** Parses {@code l1}, {@code l2} or {@code cosine} (any case). */
    public static SpectrumDistance parse(String name) {
        for (SpectrumDistance distance : values()) {
            if (distance.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return distance;
            }
        }
        throw new IllegalArgumentException("unknown spectrum distance '" + name + "'; accepted: l1, l2, cosine");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
