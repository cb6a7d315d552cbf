package io.cardeck.ensemble.it;

import io.cardeck.devstack.DevstackTestResource;
import io.cardeck.devstack.LoopbackPorts;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The setup of the integration tests: a real Kafka broker and a throwaway PostgreSQL database
 * (DevstackTestResource), and the model registry played by {@link TestRegistry} inside the
 * application under test, so the HTTP port is fixed up front.
 */
public class EnsembleTestProfile implements QuarkusTestProfile {

    static final int CALIBRATION_IMAGES = 500;
    static final long CALIBRATION_SEED = 0;

    @Override
    public Map<String, String> getConfigOverrides() {
        int port = LoopbackPorts.free();
        Map<String, String> overrides = new HashMap<>(Map.of(
                "quarkus.http.test-port", Integer.toString(port),
                "cardeck.ensemble.registry-url", "http://127.0.0.1:" + port + TestRegistry.PATH,
                "cardeck.ensemble.calibration.images", Integer.toString(CALIBRATION_IMAGES),
                "cardeck.ensemble.calibration.seed", Long.toString(CALIBRATION_SEED),
                "cardeck.ensemble.max-request-images", "64"));
        overrides.putAll(extraOverrides());
        return overrides;
    }

    /** What a derived profile changes. */
    protected Map<String, String> extraOverrides() {
        return Map.of();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DevstackTestResource.class));
    }

}
