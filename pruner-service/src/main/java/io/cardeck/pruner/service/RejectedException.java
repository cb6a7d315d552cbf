package io.cardeck.pruner.service;

/** A request refused for a reason the caller can act on; the message says what is wrong and what is accepted. */
public final class RejectedException extends RuntimeException {

    private final Rejection rejection;

    public RejectedException(Rejection rejection, String message) {
        this(rejection, message, null);
    }

    public RejectedException(Rejection rejection, String message, Throwable cause) {
        super(message, cause);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
