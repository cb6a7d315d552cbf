package io.cardeck.events;

import java.util.regex.Pattern;

/** The rule for deck names, which appear in URLs ({@code /v2/models/{deck}}) and as Kafka keys. */
public final class DeckName {

    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public static final String RULE = "1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";

    private DeckName() {}

    public static boolean valid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }
}
