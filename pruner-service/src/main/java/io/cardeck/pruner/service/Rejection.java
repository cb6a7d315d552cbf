package io.cardeck.pruner.service;

import io.cardeck.onnx.OnnxFormatException;

/** Why a request is refused; the REST layer turns each into its status. */
public enum Rejection {
    /** The request is malformed or names something not accepted (400). */
    INVALID,
    /** The request names a model or job that does not exist (404). */
    UNKNOWN,
    /** The request does not fit the state of what it names, e.g. cancelling a finished job (409). */
    CONFLICT,
    /** The model is larger than the configured limit (413). */
    TOO_LARGE,
    /** The bytes are not an ONNX model (415). */
    NOT_ONNX,
    /** An ONNX model that cardeck cannot use: the runtime rejects it, its input is not NCHW, its classes do not match (422). */
    UNSUPPORTED;

    /** The rejection of a model the ONNX library refused. */
    public static Rejection of(OnnxFormatException.Reason reason) {
        switch (reason) {
            case TOO_LARGE:
                return TOO_LARGE;
            case NOT_ONNX:
            case TRUNCATED:
                return NOT_ONNX;
            default:
                return UNSUPPORTED;
        }
    }
}
