package io.cardeck.evaluator.config;

import io.cardeck.evaluation.EvaluationOptions;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Refuses to start with settings the service cannot work with, naming each key and what it accepts. */
@Singleton
public class ConfigurationCheck {

    private static final String PREFIX = "cardeck.evaluator.";

    void onStart(@Observes StartupEvent event, EvaluatorConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid evaluator-service configuration: " + String.join("; ", problems));
        }
    }

    /** Every problem of {@code config}; empty when it is usable. */
    public static List<String> problems(EvaluatorConfig config) {
        List<String> problems = new ArrayList<>();
        if (!isHttpUrl(config.registryUrl())) {
            problems.add(PREFIX + "registry-url must be an http(s) URL such as http://127.0.0.1:8081, got '"
                    + config.registryUrl() + "'");
        }
        atLeast(problems, "samples-per-cell", config.samplesPerCell(), 1);
        if (config.batchSize() < 1 || config.batchSize() > EvaluationOptions.MAX_BATCH_SIZE) {
            problems.add(PREFIX + "batch-size must be in 1.." + EvaluationOptions.MAX_BATCH_SIZE + ", got "
                    + config.batchSize());
        }
        atLeast(problems, "intra-op-threads", config.intraOpThreads(), 0);
        atLeast(problems, "workers", config.workers(), 1);
        atLeast(problems, "generator-threads", config.generatorThreads(), 0);
        if (config.progressStep() < 1 || config.progressStep() > 100) {
            problems.add(PREFIX + "progress-step must be a percentage in 1..100, got " + config.progressStep());
        }
        atLeast(problems, "fetch.attempts", config.fetch().attempts(), 1);
        if (config.fetch().backoff().isNegative()) {
            problems.add(PREFIX + "fetch.backoff must not be negative, got " + config.fetch().backoff());
        }
        atLeast(problems, "latency.warmup-runs", config.latency().warmupRuns(), 0);
        atLeast(problems, "latency.runs", config.latency().runs(), 1);
        EvaluatorConfig.Cells cells = config.cells();
        positive(problems, "cells.poll-interval", cells.pollInterval());
        positive(problems, "cells.heartbeat", cells.heartbeat());
        // A live instance must renew its cells well before anyone may take them over.
        if (cells.lease().compareTo(cells.heartbeat().multipliedBy(2)) < 0) {
            problems.add(PREFIX + "cells.lease must be at least twice cells.heartbeat (" + cells.heartbeat() + "), got "
                    + cells.lease());
        }
        atLeast(problems, "cells.max-attempts", cells.maxAttempts(), 1);
        return problems;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(PREFIX + key + " must be positive, got " + value);
        }
    }

    private static void atLeast(List<String> problems, String key, int value, int minimum) {
        if (value < minimum) {
            problems.add(PREFIX + key + " must be at least " + minimum + ", got " + value);
        }
    }
}
