package io.cardeck.pruning.unstructured;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Where a pruning run's time went, by phase, in seconds: recorded in the lineage and benchmarks. Thread-safe. */
public final class PruningTimings {

    private final Map<String, Double> seconds = new LinkedHashMap<>();

    public synchronized void add(String phase, double phaseSeconds) {
        seconds.merge(phase, phaseSeconds, Double::sum);
    }

    /** Runs {@code work} and adds its wall time to {@code phase}. */
    public <T> T time(String phase, Supplier<T> work) {
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(phase, (System.nanoTime() - started) / 1e9);
        }
    }

    public synchronized Map<String, Double> toMap() {
        return new LinkedHashMap<>(seconds);
    }
}
