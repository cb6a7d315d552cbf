package io.cardeck.gateway.service;

import io.cardeck.access.AccessControl;
import io.cardeck.access.AccessDecision;
import io.cardeck.access.ApiKey;
import io.cardeck.access.ApiKeyStore;
import io.cardeck.access.InvalidApiKeyException;
import io.cardeck.access.Role;
import io.cardeck.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Who is calling: the issued keys of the database and the configured admin key. Decisions are
 * made per request against the table, so a revoked key is refused from its next request on. A
 * singleton, so that a malformed configured key stops the gateway at startup.
 */
@Singleton
public class Callers {

    static final String CONFIGURED_ADMIN = "configured-admin";

    private final AccessControl access;

    public Callers(ApiKeyStore store, GatewayConfig config) {
        Optional<ApiKey> configured = config.adminKey().map(Callers::configuredKey);
        AccessControl.Holder admin = new AccessControl.Holder(CONFIGURED_ADMIN, Role.ADMIN);
        this.access = new AccessControl(key -> configured.filter(key::equals).map(k -> admin).or(() -> store.holder(key)));
    }

    /** Blocks on the database: call it from a worker thread. */
    public AccessDecision decide(String method, String path, String authorization, String apiKeyHeader) {
        return access.decide(method, path, authorization, apiKeyHeader);
    }

    private static ApiKey configuredKey(String text) {
        try {
            return ApiKey.parse(text.strip());
        } catch (InvalidApiKeyException e) {
            // The message describes the format, never the value.
            throw new IllegalArgumentException("cardeck.gateway.admin-key (CARDECK_GATEWAY_ADMIN_KEY) is malformed: "
                    + e.getMessage(), e);
        }
    }
}
