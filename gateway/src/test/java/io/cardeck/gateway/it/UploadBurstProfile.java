package io.cardeck.gateway.it;

import java.util.HashMap;
import java.util.Map;

/** The gateway's test profile checking one upload at a time, with a runtime budget every test model meets. */
public class UploadBurstProfile extends GatewayTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("cardeck.gateway.uploads.max-concurrent", "1");
        overrides.put("cardeck.gateway.uploads.runtime-timeout", "60s");
        return overrides;
    }
}
