package io.cardeck.deck.gate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What of an image's log-amplitude spectrum the gate compares with each domain's reference. */
public enum GateFeature {
    /** Every frequency of the centred log-amplitude spectrum (the gate's default). */
    SPECTRUM,
    /**
     * The mean log-amplitude in each of a few radial frequency bands (low to high): where the energy
     * of an image sits, with the position inside a band averaged out.
     */
    BANDS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(GateFeature::wireName).toList();
    }

    public static GateFeature parse(String name) {
        for (GateFeature feature : values()) {
            if (feature.wireName().equals(name)) {
                return feature;
            }
        }
        throw new IllegalArgumentException("unknown gate feature " + (name == null ? "null" : "'" + name + "'")
                + "; accepted: " + String.join(", ", wireNames()));
    }
}
