package io.cardeck.gateway.service;

/** A retry with the same Idempotency-Key recorded its job first; this request's transaction rolls back. */
final class RetriedMeanwhileException extends RuntimeException {

    RetriedMeanwhileException() {
        super(null, null, false, false);
    }
}
