package io.cardeck.deck;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Whether the gate decides for each image of a request or once for the request's whole batch. */
public enum Granularity {
    SAMPLE,
    /** One decision from the mean spectrum of the request's images: cheaper, and steadier for a batch from one source. */
    BATCH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Granularity::wireName).toList();
    }

    public static Granularity parse(String name) {
        for (Granularity granularity : values()) {
            if (granularity.wireName().equals(name)) {
                return granularity;
            }
        }
        throw new IllegalArgumentException("unknown gate granularity " + (name == null ? "null" : "'" + name + "'")
                + "; accepted: " + String.join(", ", wireNames()));
    }
}
