package io.cardeck.pruner.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Refuses to start with settings the service cannot work with, naming each key and what it accepts. */
@ApplicationScoped
public class ConfigCheck {

    void check(@Observes StartupEvent startup, PrunerConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid configuration: " + String.join("; ", problems));
        }
    }

    static List<String> problems(PrunerConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.maxModelBytes() < 1 || config.maxModelBytes() > Integer.MAX_VALUE) {
            problems.add("cardeck.pruner.max-model-bytes is " + config.maxModelBytes() + "; accepted: 1 to "
                    + Integer.MAX_VALUE + " (an ONNX model is at most 2 GiB)");
        }
        positive(problems, "cardeck.pruner.recovery.interval", config.recovery().interval());
        positive(problems, "cardeck.pruner.recovery.stale-after", config.recovery().staleAfter());
        if (config.recovery().maxAttempts() < 1) {
            problems.add("cardeck.pruner.recovery.max-attempts is " + config.recovery().maxAttempts()
                    + "; accepted: 1 or more");
        }
        return problems;
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " is " + value + "; accepted: a positive duration such as 5s");
        }
    }
}
