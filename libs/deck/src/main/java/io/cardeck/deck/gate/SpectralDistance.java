package io.cardeck.deck.gate;

import io.cardeck.metrics.spectrum.Spectrum;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How far an input spectrum is from a domain's reference spectrum. */
public enum SpectralDistance {
    /** Mean absolute difference (the gate's default). */
    L1,
    /** Root mean squared difference. */
    L2,
    /** 1 - cosine similarity. */
    COSINE;

    public double between(Spectrum input, Spectrum reference) {
        return switch (this) {
            case L1 -> input.l1Distance(reference);
            case L2 -> input.l2Distance(reference);
            case COSINE -> input.cosineDistance(reference);
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(SpectralDistance::wireName).toList();
    }

    public static SpectralDistance parse(String name) {
        for (SpectralDistance distance : values()) {
            if (distance.wireName().equals(name)) {
                return distance;
            }
        }
        throw new IllegalArgumentException("unknown spectral distance " + (name == null ? "null" : "'" + name + "'")
                + "; accepted: " + String.join(", ", wireNames()));
    }
}
