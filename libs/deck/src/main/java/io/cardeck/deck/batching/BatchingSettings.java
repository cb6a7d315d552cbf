package io.cardeck.deck.batching;

import java.time.Duration;

/**
 * @param maxBatchRows  images that one batched run may hold (a larger request runs alone)
 * @param maxDelay      how long the first request of a batch waits for others to join it
 * @param capacity      requests held at once (waiting or running); one more is refused
 * @param capacityBytes bytes of requests held at once (waiting or running); a request that would pass it is
 *                      refused, so that a few large requests cannot hold more memory than this
 */
public record BatchingSettings(int maxBatchRows, Duration maxDelay, int capacity, long capacityBytes) {

    public BatchingSettings {
        if (maxBatchRows < 1) {
            throw new IllegalArgumentException("max batch rows must be at least 1, got " + maxBatchRows);
        }
        if (maxDelay == null || maxDelay.isNegative()) {
            throw new IllegalArgumentException("max batching delay must be zero or positive, got " + maxDelay);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("batching capacity must be at least 1 request, got " + capacity);
        }
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("batching capacity in bytes must be at least 1 byte, got " + capacityBytes);
        }
    }
}
