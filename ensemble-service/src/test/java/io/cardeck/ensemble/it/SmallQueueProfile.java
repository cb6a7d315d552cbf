package io.cardeck.ensemble.it;

import java.util.Map;

/** One request held per deck, and a long batching window that keeps it held: the next one finds the queue full. */
public class SmallQueueProfile extends EnsembleTestProfile {

    static final long WINDOW_MILLIS = 3000;

    @Override
    protected Map<String, String> extraOverrides() {
        return Map.of(
                "cardeck.ensemble.batching.capacity", "1",
                "cardeck.ensemble.batching.max-delay", WINDOW_MILLIS + "ms");
    }
}
