package io.cardeck.gateway.service;

/** A request names something that does not exist (404). */
public final class UnknownIdException extends RuntimeException {

    public UnknownIdException(String message) {
        super(message);
    }
}
