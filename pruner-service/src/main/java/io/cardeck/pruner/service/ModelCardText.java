package io.cardeck.pruner.service;

/**
 * The text of a model card as the registry takes it: Markdown of at most {@value #MAX_CHARACTERS}
 * characters, not blank, without control characters other than line breaks and tabs (PostgreSQL's
 * text cannot hold NUL, and nothing else needs them). Anything else is {@link Rejection#INVALID}.
 */
public final class ModelCardText {

    public static final int MAX_CHARACTERS = 65_536;

    private ModelCardText() {}

    public static String check(String card) {
        if (card == null || card.isBlank()) {
            throw invalid("the model card is missing or blank; send the card's Markdown text");
        }
        if (card.length() > MAX_CHARACTERS) {
            throw invalid("the model card has " + card.length() + " characters; at most " + MAX_CHARACTERS + " are accepted");
        }
        for (int i = 0; i < card.length(); i++) {
            char c = card.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw invalid(String.format("the model card has the control character U+%04X at position %d; accepted: text"
                        + " with line breaks and tabs", (int) c, i));
            }
        }
        return card;
    }

    private static RejectedException invalid(String message) {
        return new RejectedException(Rejection.INVALID, message);
    }
}
