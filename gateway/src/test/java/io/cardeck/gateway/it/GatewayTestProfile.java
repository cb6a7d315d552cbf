package io.cardeck.gateway.it;

import io.cardeck.devstack.DevstackTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The one profile of the gateway's integration tests (so the application starts once): a real
 * Kafka broker and PostgreSQL database from devstack, the peer stand-ins, a model size limit of
 * 1 MiB so that a too-large upload is cheap to send, and a heartbeat on idle event streams every
 * second so that one is seen soon, the admin key of {@link TestKeys}, and the relay's backlog measured
 * every second so that its metrics follow a test's rows soon.
 */
public class GatewayTestProfile implements QuarkusTestProfile {

    public static final long MAX_MODEL_BYTES = 1024 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cardeck.gateway.max-model-size", "1M", "cardeck.gateway.sse-heartbeat", "1s",
                "cardeck.gateway.admin-key", TestKeys.ADMIN, "cardeck.gateway.metrics-key", TestKeys.METRICS,
                "cardeck.outbox.backlog-interval", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DevstackTestResource.class), new TestResourceEntry(PeerStandIns.class));
    }
}
