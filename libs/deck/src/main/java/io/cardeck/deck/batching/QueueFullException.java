package io.cardeck.deck.batching;

/** A request was refused because the batcher already holds as many requests as it may. */
public final class QueueFullException extends RuntimeException {

    public QueueFullException(String message) {
        super(message);
    }
}
