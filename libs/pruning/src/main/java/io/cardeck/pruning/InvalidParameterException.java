package io.cardeck.pruning;

/** A pruning request names an unknown method or gives a parameter the method does not accept. */
public final class InvalidParameterException extends IllegalArgumentException {

    public InvalidParameterException(String message) {
        super(message);
    }

    public InvalidParameterException(String message, Throwable cause) {
        super(message, cause);
    }
}
