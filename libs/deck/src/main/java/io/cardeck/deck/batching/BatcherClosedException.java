package io.cardeck.deck.batching;

/** A request reached a batcher that was closed (its deck deleted, or the server stopping) before running it. */
public final class BatcherClosedException extends RuntimeException {

    public BatcherClosedException(String message) {
        super(message);
    }
}
