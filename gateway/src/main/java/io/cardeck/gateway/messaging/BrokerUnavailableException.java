package io.cardeck.gateway.messaging;

/**
 * Kafka did not answer in time (503). The broker's address and the client's error go to the log
 * only, as for a peer service that is down.
 */
public final class BrokerUnavailableException extends RuntimeException {

    private final String what;

    public BrokerUnavailableException(String what, Throwable cause) {
        super("the event bus (Kafka) is unavailable; try again later", cause);
        this.what = what;
    }

    /** What could not be done, and the client's error: for the log. */
    public String logDetail() {
        return "Kafka is unavailable: " + what + (getCause() == null ? "" : ": " + getCause());
    }
}
