package io.cardeck.gateway.service;

import io.cardeck.events.DeckName;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks the ids in requests before they reach a peer's URL or a query: model and job ids are
 * UUIDs; evaluation ids are the evaluator's, so only their characters are checked.
 */
public final class Identifiers {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern EVALUATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private Identifiers() {}

    /**
     * The UUID in {@code value}, in canonical lowercase form.
     *
     * @param field what the value is, for the message (e.g. {@code modelId})
     * @throws InvalidInputException if it is missing or not a UUID
     */
    public static String uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field + " is missing; expected a UUID such as "
                    + "123e4567-e89b-12d3-a456-426614174000");
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        if (!CANONICAL_UUID.matcher(lower).matches()) {
            throw new InvalidInputException(field + " '" + value + "' is not a UUID; expected 32 hex digits in the form"
                    + " 8-4-4-4-12, such as 123e4567-e89b-12d3-a456-426614174000");
        }
        return lower;
    }

    /** {@link #uuid} as a {@link UUID}. */
    public static UUID uuidValue(String field, String value) {
        return UUID.fromString(uuid(field, value));
    }

    /** @throws InvalidInputException if {@code value} is not a deck name ({@link DeckName#RULE}) */
    public static String deckName(String value) {
        if (!DeckName.valid(value)) {
            throw new InvalidInputException("deck name '" + value + "' is not accepted; expected " + DeckName.RULE);
        }
        return value;
    }

    /** @throws InvalidInputException if {@code value} is not 1 to 100 letters, digits, '-' or '_' */
    public static String evaluationId(String value) {
        if (value == null || !EVALUATION_ID.matcher(value).matches()) {
            throw new InvalidInputException("evaluation id '" + value + "' is not accepted; expected 1 to 100 letters,"
                    + " digits, '-' or '_'");
        }
        return value;
    }
}
