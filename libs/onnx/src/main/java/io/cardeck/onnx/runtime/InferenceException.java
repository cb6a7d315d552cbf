package io.cardeck.onnx.runtime;

/** ONNX Runtime failed while running a model that it had loaded. */
public final class InferenceException extends RuntimeException {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
