package io.cardeck.gateway.it;

import io.cardeck.devstack.LoopbackPorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The gateway's peers in its own integration tests: the stand-in pruner-service, and
 * evaluator-service and ensemble-service addresses where nothing listens (both are down), so
 * forwarding to a service that is unavailable is tested too.
 */
public final class PeerStandIns implements QuarkusTestResourceLifecycleManager {

    private StandInPruner pruner;

    @Override
    public Map<String, String> start() {
        pruner = StandInPruner.start();
        return Map.of(
                "cardeck.gateway.pruner-url", pruner.baseUri().toString(),
                "cardeck.gateway.evaluator-url", "http://127.0.0.1:" + LoopbackPorts.free(),
                "cardeck.gateway.ensemble-url", "http://127.0.0.1:" + LoopbackPorts.free());
    }

    @Override
    public void stop() {
        if (pruner != null) {
            pruner.close();
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(pruner, new TestInjector.MatchesType(StandInPruner.class));
    }
}
