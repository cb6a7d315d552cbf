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
        PrunerConfig.Jobs jobs = config.jobs();
        atLeastOne(problems, "cardeck.pruner.jobs.workers", jobs.workers());
        positive(problems, "cardeck.pruner.jobs.poll-interval", jobs.pollInterval());
        positive(problems, "cardeck.pruner.jobs.heartbeat", jobs.heartbeat());
        positive(problems, "cardeck.pruner.jobs.progress-interval", jobs.progressInterval());
        positive(problems, "cardeck.pruner.jobs.lease", jobs.lease());
        // Two heartbeats fit in a lease, so one lost write does not let the job go.
        if (jobs.lease().compareTo(jobs.heartbeat().multipliedBy(2)) < 0) {
            problems.add("cardeck.pruner.jobs.lease is " + jobs.lease() + "; accepted: at least twice"
                    + " cardeck.pruner.jobs.heartbeat (" + jobs.heartbeat() + ")");
        }
        atLeastOne(problems, "cardeck.pruner.jobs.max-attempts", jobs.maxAttempts());
        return problems;
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " is " + value + "; accepted: a positive duration such as 5s");
        }
    }

    private static void atLeastOne(List<String> problems, String key, int value) {
        if (value < 1) {
            problems.add(key + " is " + value + "; accepted: 1 or more");
        }
    }
}
