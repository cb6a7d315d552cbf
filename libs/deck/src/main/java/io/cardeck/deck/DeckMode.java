package io.cardeck.deck;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a deck chooses the CARDs that answer a request. */
public enum DeckMode {
    /** The CARDs of the k domains whose reference spectra are closest to the input's. */
    GATED,
    /** Every CARD, as RobustBench's released decks. */
    AVERAGE,
    /** The one CARD with the best robust accuracy. */
    SINGLE;

    /** The name used in requests and responses: {@code gated}, {@code average}, {@code single}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(DeckMode::wireName).toList();
    }

    public static DeckMode parse(String name) {
        for (DeckMode mode : values()) {
            if (mode.wireName().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown deck mode " + (name == null ? "null" : "'" + name + "'")
                + "; accepted: " + String.join(", ", wireNames()));
    }
}
