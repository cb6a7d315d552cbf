package io.cardeck.access.quarkus;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.access.ApiKey;
import io.cardeck.access.ServiceCredential;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service credential and metrics key as a service reads them: it refuses to start on what this refuses. */
class InternalAccessFilterTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final String credential = ServiceCredential.generate(RANDOM).reveal();

    @Test
    void aMalformedMetricsKeyStopsTheServiceNamingThePropertyNotTheValue() {
        String malformed = "not-a-key-" + "x".repeat(30);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> filter(Map.of(
                "cardeck.service.credential", credential, "cardeck.service.metrics-key", malformed)));
        assertTrue(refused.getMessage().startsWith("cardeck.service.metrics-key (CARDECK_SERVICE_METRICS_KEY) is malformed:"
                + " the credential is not an API key"), refused.getMessage());
        assertFalse(refused.getMessage().contains(malformed));
    }

    @Test
    void aMetricsKeyEqualToTheServiceCredentialIsRefused() {
        String both = ApiKey.generate(RANDOM).reveal();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> filter(Map.of(
                "cardeck.service.credential", both, "cardeck.service.metrics-key", both)));
        assertTrue(refused.getMessage().contains("equals the service credential"), refused.getMessage());
        assertFalse(refused.getMessage().contains(both));
    }

    @Test
    void aMetricsKeyOfItsOwnOrNoneIsAccepted() {
        assertDoesNotThrow(() -> filter(Map.of("cardeck.service.credential", credential,
                "cardeck.service.metrics-key", ApiKey.generate(RANDOM).reveal())));
        assertDoesNotThrow(() -> filter(Map.of("cardeck.service.credential", credential, "cardeck.service.metrics-key", " ")));
        assertDoesNotThrow(() -> filter(Map.of("cardeck.service.credential", credential)));
    }

    private static InternalAccessFilter filter(Map<String, String> properties) {
        InternalAccessConfig config = new SmallRyeConfigBuilder()
                .withMapping(InternalAccessConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(InternalAccessConfig.class);
        return new InternalAccessFilter(config);
    }
}
