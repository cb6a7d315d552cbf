package io.cardeck.ensemble.it;

import java.util.Map;

/**
 * Fewer worker threads than a deck's queue holds, a batching window that keeps what a test sends held,
 * and a request timeout shorter than that window: a request that waits for its batch holds no thread,
 * so the deck's queue (not the worker pool) fills and refuses, and a held request ends at the timeout.
 */
public class OverloadProfile extends EnsembleTestProfile {

    static final int WORKER_THREADS = 4;
    static final int CAPACITY = 8;
    static final long WINDOW_MILLIS = 4000;
    static final long TIMEOUT_MILLIS = 1500;

    @Override
    protected Map<String, String> extraOverrides() {
        return Map.of(
                "quarkus.thread-pool.max-threads", Integer.toString(WORKER_THREADS),
                "cardeck.ensemble.batching.capacity", Integer.toString(CAPACITY),
                "cardeck.ensemble.batching.max-delay", WINDOW_MILLIS + "ms",
                "cardeck.ensemble.request-timeout", TIMEOUT_MILLIS + "ms");
    }
}
