package io.cardeck.ensemble.service;

/** A request the service cannot answer as asked, with the HTTP status that says why. */
public final class DeckException extends RuntimeException {

    private final int status;

    private DeckException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static DeckException invalid(String message) {
        return new DeckException(400, message);
    }

    public static DeckException notFound(String message) {
        return new DeckException(404, message);
    }

    public static DeckException conflict(String message) {
        return new DeckException(409, message);
    }

    public static DeckException tooLarge(String message) {
        return new DeckException(413, message);
    }

    public static DeckException unsupported(String message) {
        return new DeckException(422, message);
    }

    public static DeckException unavailable(String message) {
        return new DeckException(503, message);
    }
}
