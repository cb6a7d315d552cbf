package io.cardeck.gateway.service;

/** A dead letter whose replay would only be dead-lettered again (422). */
public final class NotReplayableException extends RuntimeException {

    public NotReplayableException(String message) {
        super(message);
    }
}
