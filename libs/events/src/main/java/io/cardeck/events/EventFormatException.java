package io.cardeck.events;

/** A message that is not a valid cardeck event: it goes to the dead-letter topic with this message as the reason. */
public final class EventFormatException extends RuntimeException {

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
