package io.cardeck.gateway.service;

/** The event stream has as many subscribers as this instance serves: 503 until one leaves. */
public final class TooManySubscribersException extends RuntimeException {

    public TooManySubscribersException(int limit) {
        super("the event stream serves " + limit + " subscribers at most and has that many now; try again later"
                + " (cardeck.gateway.sse-max-subscribers)");
    }
}
