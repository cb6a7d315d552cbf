package io.cardeck.gateway.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Refuses to start with settings the gateway cannot work with, naming each key and what it accepts. */
@Singleton
public class ConfigurationCheck {

    private static final String UPLOADS = "cardeck.gateway.uploads.";

    void onStart(@Observes StartupEvent event, GatewayConfig config) {
        List<String> problems = new ArrayList<>(uploadProblems(config.uploads()));
        keyOutageGraceProblem(config.keyOutageGrace()).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid gateway configuration: " + String.join("; ", problems));
        }
    }

    /** The problem of {@code cardeck.gateway.key-outage-grace}, if it has one. */
    public static Optional<String> keyOutageGraceProblem(Duration grace) {
        return grace.isNegative()
                ? Optional.of("cardeck.gateway.key-outage-grace must be 0s or more (0s: no issued key is accepted while the"
                        + " database is unreachable), got " + grace)
                : Optional.empty();
    }

    /** Every problem of the upload limits; empty when they are usable. */
    public static List<String> uploadProblems(GatewayConfig.Uploads uploads) {
        List<String> problems = new ArrayList<>();
        if (uploads.maxConcurrent() < 1) {
            problems.add(UPLOADS + "max-concurrent must be >= 1, got " + uploads.maxConcurrent());
        }
        if (uploads.runtimeTimeout().isNegative() || uploads.runtimeTimeout().isZero()) {
            problems.add(UPLOADS + "runtime-timeout must be a positive duration such as 8s, got " + uploads.runtimeTimeout());
        }
        if (uploads.maxWeightBytes().asLongValue() < 1) {
            problems.add(UPLOADS + "max-weight-bytes must be at least 1 byte (e.g. 64M), got " + uploads.maxWeightBytes().asLongValue());
        }
        if (uploads.maxTensorElements() < 1) {
            problems.add(UPLOADS + "max-tensor-elements must be >= 1, got " + uploads.maxTensorElements());
        }
        if (uploads.maxActivationBytes().asLongValue() < 1) {
            problems.add(UPLOADS + "max-activation-bytes must be at least 1 byte (e.g. 2G), got "
                    + uploads.maxActivationBytes().asLongValue());
        }
        return problems;
    }
}
