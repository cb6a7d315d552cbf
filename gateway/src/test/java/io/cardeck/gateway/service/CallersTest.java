package io.cardeck.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.access.AccessControl;
import io.cardeck.access.ApiKey;
import io.cardeck.access.Role;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The configured keys as the gateway reads them: it refuses to start on what this refuses. */
class CallersTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theConfiguredKeysGetTheirRoles() {
        ApiKey admin = ApiKey.generate(RANDOM);
        ApiKey metrics = ApiKey.generate(RANDOM);
        Map<ApiKey, AccessControl.Holder> holders = Callers.configuredHolders(Optional.of(admin.reveal()),
                Optional.of(metrics.reveal()));
        assertEquals(Role.ADMIN, holders.get(admin).role());
        assertEquals(Role.METRICS, holders.get(metrics).role());
        assertEquals(Map.of(), Callers.configuredHolders(Optional.empty(), Optional.of("  ")));
    }

    @Test
    void aMalformedKeyIsRefusedNamingThePropertyNotTheValue() {
        String malformed = "cdk_short";
        IllegalArgumentException metrics = assertThrows(IllegalArgumentException.class,
                () -> Callers.configuredHolders(Optional.empty(), Optional.of(malformed)));
        assertTrue(metrics.getMessage().startsWith("cardeck.gateway.metrics-key (CARDECK_GATEWAY_METRICS_KEY) is malformed:"),
                metrics.getMessage());
        assertFalse(metrics.getMessage().contains(malformed));
        IllegalArgumentException admin = assertThrows(IllegalArgumentException.class,
                () -> Callers.configuredHolders(Optional.of(malformed), Optional.empty()));
        assertTrue(admin.getMessage().startsWith("cardeck.gateway.admin-key (CARDECK_GATEWAY_ADMIN_KEY) is malformed:"),
                admin.getMessage());
    }

    @Test
    void aMetricsKeyEqualToTheAdminKeyIsRefused() {
        String both = ApiKey.generate(RANDOM).reveal();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Callers.configuredHolders(Optional.of(both), Optional.of(both)));
        assertTrue(refused.getMessage().contains("equals the admin key"), refused.getMessage());
    }
}
