package io.cardeck.deck;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How the softmax outputs of the cards a gated deck chose are combined. */
public enum Weighting {
    /** The mean over the chosen cards (the gate's default). */
    EQUAL,
    /**
     * Each chosen domain weighted by a softmax over the negative distances of the chosen domains,
     * with a temperature, and its weight shared by its cards: a domain much closer than the others
     * counts more than one barely closer.
     */
    SOFT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Weighting::wireName).toList();
    }

    public static Weighting parse(String name) {
        for (Weighting weighting : values()) {
            if (weighting.wireName().equals(name)) {
                return weighting;
            }
        }
        throw new IllegalArgumentException("unknown gate weighting " + (name == null ? "null" : "'" + name + "'")
                + "; accepted: " + String.join(", ", wireNames()));
    }
}
