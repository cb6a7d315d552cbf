package io.cardeck.gateway.service;

import java.time.Duration;

/** As many uploads are being checked as this instance checks at once: 429, to retry after a while. */
public final class TooManyUploadsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyUploadsException(int limit, Duration retryAfter) {
        super("the gateway checks " + limit + " uploads at once and is checking that many now; retry after "
                + retryAfter.toSeconds() + " s (cardeck.gateway.uploads.max-concurrent)");
        this.retryAfter = retryAfter;
    }

    /** When a place is expected to be free: one upload's runtime budget. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
