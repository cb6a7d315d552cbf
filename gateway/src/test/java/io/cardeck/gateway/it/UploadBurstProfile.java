package io.cardeck.gateway.it;

import java.util.HashMap;
import java.util.Map;

/** {@link UploadLimitsProfile}'s one check at a time, with a runtime budget every test model meets. */
public class UploadBurstProfile extends UploadLimitsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("cardeck.gateway.uploads.runtime-timeout", "60s");
        return overrides;
    }
}
