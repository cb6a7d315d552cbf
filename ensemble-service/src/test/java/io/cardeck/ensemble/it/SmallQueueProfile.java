package io.cardeck.ensemble.it;

import java.util.Map;

/**
 * Two requests, or four 28x28 images (12,544 bytes), held per deck, and a long batching window that keeps
 * what a test sends held: the next request finds the queue full.
 */
public class SmallQueueProfile extends EnsembleTestProfile {

    static final long WINDOW_MILLIS = 6000;
    static final int CAPACITY = 2;
    static final long IMAGE_BYTES = 28 * 28 * Float.BYTES;
    static final long CAPACITY_BYTES = 4 * IMAGE_BYTES;

    @Override
    protected Map<String, String> extraOverrides() {
        return Map.of(
                "cardeck.ensemble.batching.capacity", Integer.toString(CAPACITY),
                "cardeck.ensemble.batching.capacity-bytes", Long.toString(CAPACITY_BYTES),
                "cardeck.ensemble.batching.max-delay", WINDOW_MILLIS + "ms");
    }
}
