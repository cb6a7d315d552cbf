package io.cardeck.gateway.service;

import io.cardeck.access.AccessControl;
import io.cardeck.access.AccessDecision;
import io.cardeck.access.ApiKey;
import io.cardeck.access.ApiKeyStore;
import io.cardeck.access.Role;
import io.cardeck.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling: the issued keys of the database and the configured admin and metrics keys. Decisions are
 * made per request against the table, so a revoked key is refused from its next request on. A
 * singleton, so that a malformed configured key stops the gateway at startup.
 */
@Singleton
public class Callers {

    static final String CONFIGURED_ADMIN = "configured-admin";
    static final String CONFIGURED_METRICS = "configured-metrics";

    private final AccessControl access;

    public Callers(ApiKeyStore store, GatewayConfig config) {
        Map<ApiKey, AccessControl.Holder> configured = configuredHolders(config.adminKey(), config.metricsKey());
        KeyLookup issued = new KeyLookup(store::holder, config.keyOutageGrace(), System::nanoTime);
        this.access = new AccessControl(key -> Optional.ofNullable(configured.get(key)).or(() -> issued.holder(key)));
    }

    /**
     * The holders of the configured keys.
     *
     * @throws IllegalArgumentException for a malformed key, or a metrics key equal to the admin key
     */
    static Map<ApiKey, AccessControl.Holder> configuredHolders(Optional<String> adminKey, Optional<String> metricsKey) {
        Optional<ApiKey> admin = adminKey.map(text -> ApiKey.ofSetting("cardeck.gateway.admin-key", text));
        Optional<ApiKey> metrics = metricsKey.filter(text -> !text.isBlank())
                .map(text -> ApiKey.ofSetting("cardeck.gateway.metrics-key", text));
        if (admin.isPresent() && admin.equals(metrics)) {
            throw new IllegalArgumentException("cardeck.gateway.metrics-key (CARDECK_GATEWAY_METRICS_KEY) equals the admin"
                    + " key: a scraper would hold the key that opens everything; generate a key of its own");
        }
        Map<ApiKey, AccessControl.Holder> configured = new HashMap<>();
        admin.ifPresent(key -> configured.put(key, new AccessControl.Holder(CONFIGURED_ADMIN, Role.ADMIN)));
        metrics.ifPresent(key -> configured.put(key, new AccessControl.Holder(CONFIGURED_METRICS, Role.METRICS)));
        return Map.copyOf(configured);
    }

    /** Blocks on the database: call it from a worker thread. */
    public AccessDecision decide(String method, String path, String authorization, String apiKeyHeader) {
        return access.decide(method, path, authorization, apiKeyHeader);
    }
}
