package io.cardeck.access;

/** A credential that is not an API key of cardeck's format, or not sent the way cardeck reads it. */
public final class InvalidApiKeyException extends RuntimeException {

    public InvalidApiKeyException(String message) {
        super(message);
    }
}
