package io.cardeck.evaluator.registry;

/** The model's bytes could not be had from the registry, or were not the bytes announced. */
public final class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
