package io.cardeck.pruning;

/**
 * A pruning request names an unknown method or gives a parameter the method does not accept. Not
 * final: {@link io.cardeck.pruning.graph.UnsupportedGraphException} is the case of a model a method
 * cannot prune, which the platform answers differently (422, not 400).
 */
public class InvalidParameterException extends IllegalArgumentException {

    public InvalidParameterException(String message) {
        super(message);
    }

    public InvalidParameterException(String message, Throwable cause) {
        super(message, cause);
    }
}
