package io.cardeck.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InternalAccessTest {

    private final SecureRandom random = new SecureRandom();
    private final ServiceCredential credential = ServiceCredential.generate(random);
    private final ApiKey metricsKey = ApiKey.generate(random);
    private final InternalAccess access = new InternalAccess(credential, Optional.of(metricsKey));

    @Test
    void theMetricsKeyReadsTheMetricsPageAndNothingElse() {
        String bearer = "Bearer " + metricsKey.reveal();
        assertEquals(Optional.empty(), access.refusal("GET", "/q/metrics", null, bearer));
        assertEquals(Optional.empty(), access.refusal("HEAD", "/q/metrics", null, bearer));
        for (String[] request : new String[][] {{"GET", "/models"}, {"GET", "/q/metrics/extra"}, {"POST", "/q/metrics"},
                {"GET", "/q/openapi"}, {"DELETE", "/models/1"}}) {
            Optional<String> refusal = access.refusal(request[0], request[1], null, bearer);
            assertTrue(refusal.orElseThrow().startsWith("this is an internal service"), request[0] + " " + request[1]);
        }
    }

    @Test
    void anotherKeyOrAMalformedOneIsRefusedOnTheMetricsPage() {
        assertEquals(Optional.of("the metrics key presented is not this platform's"),
                access.refusal("GET", "/q/metrics", null, "Bearer " + ApiKey.generate(random).reveal()));
        assertEquals(Optional.of("the credential is not an API key: " + ApiKey.FORMAT_DESCRIPTION),
                access.refusal("GET", "/q/metrics", null, "Bearer " + credential.reveal()));
        assertTrue(access.refusal("GET", "/q/metrics", null, "Basic abc").orElseThrow().contains("Bearer"));
        assertTrue(access.refusal("GET", "/q/metrics", null, null).orElseThrow().startsWith("this is an internal service"));
    }

    @Test
    void theServiceCredentialStillOpensEverythingAndDecidesWhenBothAreSent() {
        assertEquals(Optional.empty(), access.refusal("GET", "/q/metrics", credential.reveal(), null));
        assertEquals(Optional.empty(), access.refusal("POST", "/models", credential.reveal(), null));
        assertTrue(access.refusal("GET", "/q/metrics", "wrong", "Bearer " + metricsKey.reveal()).isPresent(),
                "a wrong service credential is not rescued by the metrics key");
    }

    @Test
    void withoutAMetricsKeyOnlyTheServiceCredentialOpensTheMetricsPage() {
        InternalAccess credentialOnly = new InternalAccess(credential, Optional.empty());
        assertTrue(credentialOnly.refusal("GET", "/q/metrics", null, "Bearer " + metricsKey.reveal()).isPresent());
        assertEquals(Optional.empty(), credentialOnly.refusal("GET", "/q/health/ready", null, null));
    }
}
