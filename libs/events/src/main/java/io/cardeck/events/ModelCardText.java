package io.cardeck.events;

/**
 * The text of a model card as the platform takes it, at the gateway and in the registry alike:
 * Markdown of at most {@value #MAX_CHARACTERS} characters, not blank, without control characters
 * other than line breaks and tabs (PostgreSQL's text cannot hold NUL, and nothing else needs them).
 */
public final class ModelCardText {

    public static final int MAX_CHARACTERS = 65_536;

    private ModelCardText() {}

    /**
     * @return {@code card} as it is
     * @throws IllegalArgumentException saying what is wrong with it and what is accepted
     */
    public static String check(String card) {
        if (card == null || card.isBlank()) {
            throw new IllegalArgumentException("the model card is missing or blank; send the card's Markdown text");
        }
        if (card.length() > MAX_CHARACTERS) {
            throw new IllegalArgumentException("the model card has " + card.length() + " characters; at most "
                    + MAX_CHARACTERS + " are accepted");
        }
        for (int i = 0; i < card.length(); i++) {
            char c = card.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw new IllegalArgumentException(String.format("the model card has the control character U+%04X at"
                        + " position %d; accepted: text with line breaks and tabs", (int) c, i));
            }
        }
        return card;
    }
}
