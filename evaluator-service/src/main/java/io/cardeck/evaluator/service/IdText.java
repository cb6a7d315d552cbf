package io.cardeck.evaluator.service;

import java.util.UUID;
import java.util.regex.Pattern;

/** The text form of cardeck's ids: canonical UUIDs (36 characters, hex digits in groups of 8-4-4-4-12). */
public final class IdText {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private IdText() {
    }

    /**
     * Parses {@code text} as the id of {@code what} (e.g. "evaluation").
     *
     * @throws IllegalArgumentException naming {@code what} and the accepted form
     */
    public static UUID parse(String text, String what) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + what + " id; ids are UUIDs such as"
                    + " 3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");
        }
        return UUID.fromString(text);
    }
}
