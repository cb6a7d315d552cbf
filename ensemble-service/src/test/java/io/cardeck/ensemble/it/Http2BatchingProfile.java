package io.cardeck.ensemble.it;

import java.util.Map;

/** A batching window long enough that requests sent together are answered by one batch, and a later one by the next. */
public class Http2BatchingProfile extends EnsembleTestProfile {

    static final long WINDOW_MILLIS = 3000;

    @Override
    protected Map<String, String> extraOverrides() {
        return Map.of("cardeck.ensemble.batching.max-delay", WINDOW_MILLIS + "ms");
    }
}
