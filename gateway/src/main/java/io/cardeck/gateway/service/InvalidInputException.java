package io.cardeck.gateway.service;

/** A request the gateway refuses as invalid (400); the message says what is wrong and what is accepted. */
public final class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
