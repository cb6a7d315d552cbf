package io.cardeck.gateway.service;

/**
 * A valid ONNX model cardeck cannot use for its dataset (422): wrong input shape, or outputs that do
 * not match the labels or the dataset's classes.
 */
public final class UnsupportedModelException extends RuntimeException {

    public UnsupportedModelException(String sourceName, String problem) {
        super(sourceName + ": " + problem);
    }
}
