package io.cardeck.ensemble.config;

import io.cardeck.deck.batching.BatchingSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Refuses to start with settings the service cannot work with, naming each key and what it accepts. */
@Singleton
public class ConfigurationCheck {

    private static final String PREFIX = "cardeck.ensemble.";

    void onStart(@Observes StartupEvent event, EnsembleConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid ensemble-service configuration: " + String.join("; ", problems));
        }
    }

    /** Every problem of {@code config}; empty when it is usable. */
    public static List<String> problems(EnsembleConfig config) {
        List<String> problems = new ArrayList<>();
        try {
            URI uri = new URI(config.registryUrl());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(config.registryUrl(), "not an http(s) URL");
            }
        } catch (URISyntaxException e) {
            problems.add(PREFIX + "registry-url must be an http(s) URL such as http://127.0.0.1:8081, got '"
                    + config.registryUrl() + "'");
        }
        if (config.intraOpThreads() < 0) {
            problems.add(PREFIX + "intra-op-threads must be >= 0 (0 lets ONNX Runtime choose), got " + config.intraOpThreads());
        }
        if (config.calibration().images() < 1) {
            problems.add(PREFIX + "calibration.images must be >= 1, got " + config.calibration().images());
        }
        if (config.maxRequestImages() < 1) {
            problems.add(PREFIX + "max-request-images must be >= 1, got " + config.maxRequestImages());
        }
        if (config.requestTimeout().isNegative() || config.requestTimeout().isZero()) {
            problems.add(PREFIX + "request-timeout must be positive, got " + config.requestTimeout());
        }
        if (config.deckRefresh().isNegative()) {
            problems.add(PREFIX + "deck-refresh must be >= 0 (0 reads the deck for every request), got " + config.deckRefresh());
        }
        long capacityBytes = config.batching().capacityBytes().asLongValue();
        if (capacityBytes < 1) {
            problems.add(PREFIX + "batching.capacity-bytes must be at least 1 byte (e.g. 64M), got " + capacityBytes);
        } else {
            try {
                batching(config);
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + "batching: " + e.getMessage());
            }
        }
        return problems;
    }

    /** The batching settings of {@code config}, validated. */
    public static BatchingSettings batching(EnsembleConfig config) {
        EnsembleConfig.Batching batching = config.batching();
        return new BatchingSettings(batching.maxImages(), batching.maxDelay(), batching.capacity(),
                batching.capacityBytes().asLongValue());
    }
}
