package io.cardeck.deck.batching;

/** A request larger on its own than all that a batcher may hold: it would be refused however long it waited. */
public final class RequestTooLargeException extends RuntimeException {

    public RequestTooLargeException(String message) {
        super(message);
    }
}
