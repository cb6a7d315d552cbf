package io.cardeck.evaluator.it;

import io.cardeck.devstack.DevstackTestResource;
import io.cardeck.devstack.LoopbackPorts;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The one setup of the integration tests: a real Kafka broker and a throwaway PostgreSQL database
 * (DevstackTestResource), small suites, short polls and leases, and the model registry played by
 * {@link TestRegistry} inside the application under test, so the HTTP port is fixed up front.
 */
public class EvaluatorTestProfile implements QuarkusTestProfile {

    static final int SAMPLES_PER_CELL = 100;

    @Override
    public Map<String, String> getConfigOverrides() {
        int port = LoopbackPorts.free();
        return Map.ofEntries(
                Map.entry("quarkus.http.test-port", Integer.toString(port)),
                Map.entry("cardeck.evaluator.registry-url", "http://127.0.0.1:" + port + TestRegistry.PATH),
                Map.entry("cardeck.evaluator.data-dir", "target/evaluator-data"),
                Map.entry("cardeck.evaluator.samples-per-cell", Integer.toString(SAMPLES_PER_CELL)),
                Map.entry("cardeck.evaluator.fetch.attempts", "2"),
                Map.entry("cardeck.evaluator.fetch.backoff", "100ms"),
                Map.entry("cardeck.evaluator.latency.runs", "5"),
                Map.entry("cardeck.evaluator.cells.poll-interval", pollInterval()),
                Map.entry("cardeck.evaluator.cells.heartbeat", "1s"),
                Map.entry("cardeck.evaluator.cells.lease", "30s"));
    }

    /** How often an idle worker looks for cells. */
    protected String pollInterval() {
        return "200ms";
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DevstackTestResource.class));
    }

}
