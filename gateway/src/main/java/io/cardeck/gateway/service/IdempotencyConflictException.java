package io.cardeck.gateway.service;

/** An Idempotency-Key used again with another request: 422, since a retry must repeat its request. */
public final class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(String key, String jobId) {
        super(IdempotentRequest.HEADER + " '" + key + "' was used for another request (job " + jobId + "); a retry must"
                + " send the same body, and a new request a new key");
    }
}
