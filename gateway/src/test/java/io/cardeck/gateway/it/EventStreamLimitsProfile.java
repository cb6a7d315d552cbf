package io.cardeck.gateway.it;

import java.util.HashMap;
import java.util.Map;

/** The gateway's test profile with room for two event streams, each closed after 6 s without events. */
public class EventStreamLimitsProfile extends GatewayTestProfile {

    static final int MAX_SUBSCRIBERS = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("cardeck.gateway.sse-max-subscribers", Integer.toString(MAX_SUBSCRIBERS));
        overrides.put("cardeck.gateway.sse-idle-timeout", "6s");
        return overrides;
    }
}
