package io.cardeck.ensemble.service;

import java.util.Locale;

/**
 * Where the time of one inference request went inside the service, in nanoseconds: the gate
 * (spectra, distances, routing), the wait for its batch's turn, the members' ONNX Runtime runs,
 * and combining their outputs (copies of the routed images, softmax, weighted mean). Sent as the
 * standard {@code Server-Timing} response header, so a client sees it beside its own latency.
 */
public record ServingTimes(long gateNanos, long waitNanos, long membersNanos, long combineNanos) {

    public static final String HEADER = "Server-Timing";

    /**
     * The header's value, with the request's reading (parsing and checking the body) and writing
     * (building the binary body; 0 for a JSON answer, which is written after the header) added.
     */
    public String header(long readNanos, long writeNanos) {
        return String.format(Locale.ROOT, "read;dur=%.3f, gate;dur=%.3f, wait;dur=%.3f, members;dur=%.3f, combine;dur=%.3f, "
                + "write;dur=%.3f", millis(readNanos), millis(gateNanos), millis(waitNanos), millis(membersNanos),
                millis(combineNanos), millis(writeNanos));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
