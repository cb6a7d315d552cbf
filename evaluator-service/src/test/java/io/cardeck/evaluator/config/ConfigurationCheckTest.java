package io.cardeck.evaluator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.runtime.Device;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationCheckTest {

    /** The shipped defaults, each field changeable by a test. */
    private static final class Settings implements EvaluatorConfig {
        String registryUrl = "http://127.0.0.1:8081";
        int samplesPerCell = 1000;
        int batchSize = 128;
        int intraOpThreads;
        int workers = 1;
        int generatorThreads;
        int progressStep = 10;
        int fetchAttempts = 3;
        Duration backoff = Duration.ofSeconds(1);
        int warmupRuns = 3;
        int runs = 20;
        Duration poll = Duration.ofSeconds(1);
        Duration lease = Duration.ofMinutes(2);
        Duration heartbeat = Duration.ofSeconds(15);
        int maxAttempts = 3;

        @Override public String registryUrl() { return registryUrl; }
        @Override public Path dataDir() { return Path.of("work"); }
        @Override public int samplesPerCell() { return samplesPerCell; }
        @Override public long seed() { return 0; }
        @Override public int batchSize() { return batchSize; }
        @Override public Device device() { return Device.CPU; }
        @Override public int intraOpThreads() { return intraOpThreads; }
        @Override public int workers() { return workers; }
        @Override public int generatorThreads() { return generatorThreads; }
        @Override public int progressStep() { return progressStep; }

        @Override
        public Fetch fetch() {
            return new Fetch() {
                @Override public int attempts() { return fetchAttempts; }
                @Override public Duration backoff() { return backoff; }
            };
        }

        @Override
        public Latency latency() {
            return new Latency() {
                @Override public int warmupRuns() { return warmupRuns; }
                @Override public int runs() { return runs; }
            };
        }

        @Override
        public Cells cells() {
            return new Cells() {
                @Override public Duration pollInterval() { return poll; }
                @Override public Duration lease() { return lease; }
                @Override public Duration heartbeat() { return heartbeat; }
                @Override public int maxAttempts() { return maxAttempts; }
            };
        }
    }

    private static String onlyProblem(Settings settings) {
        List<String> problems = ConfigurationCheck.problems(settings);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void theDefaultsAreUsable() {
        assertEquals(List.of(), ConfigurationCheck.problems(new Settings()));
    }

    @Test
    void theRegistryMustBeAnHttpUrl() {
        for (String url : List.of("127.0.0.1:8081", "ftp://registry/", "http://", "not a url")) {
            Settings settings = new Settings();
            settings.registryUrl = url;
            assertTrue(onlyProblem(settings).startsWith("cardeck.evaluator.registry-url must be an http(s) URL"), url);
        }
    }

    @Test
    void countsOutsideTheirRangesAreNamed() {
        Settings settings = new Settings();
        settings.samplesPerCell = 0;
        assertEquals("cardeck.evaluator.samples-per-cell must be at least 1, got 0", onlyProblem(settings));
        settings = new Settings();
        settings.batchSize = 5000;
        assertEquals("cardeck.evaluator.batch-size must be in 1..4096, got 5000", onlyProblem(settings));
        settings = new Settings();
        settings.workers = 0;
        assertEquals("cardeck.evaluator.workers must be at least 1, got 0", onlyProblem(settings));
        settings = new Settings();
        settings.progressStep = 0;
        assertTrue(onlyProblem(settings).startsWith("cardeck.evaluator.progress-step must be a percentage"));
        settings = new Settings();
        settings.fetchAttempts = 0;
        assertEquals("cardeck.evaluator.fetch.attempts must be at least 1, got 0", onlyProblem(settings));
        settings = new Settings();
        settings.runs = 0;
        assertEquals("cardeck.evaluator.latency.runs must be at least 1, got 0", onlyProblem(settings));
        settings = new Settings();
        settings.maxAttempts = 0;
        assertEquals("cardeck.evaluator.cells.max-attempts must be at least 1, got 0", onlyProblem(settings));
        settings = new Settings();
        settings.intraOpThreads = -1;
        settings.generatorThreads = -1;
        settings.warmupRuns = -1;
        assertEquals(3, ConfigurationCheck.problems(settings).size());
    }

    @Test
    void aLiveInstanceMustNotLoseItsCells() {
        Settings settings = new Settings();
        settings.lease = Duration.ofSeconds(20);
        assertEquals("cardeck.evaluator.cells.lease must be at least twice cells.heartbeat (PT15S), got PT20S",
                onlyProblem(settings));
        settings = new Settings();
        settings.poll = Duration.ZERO;
        assertEquals("cardeck.evaluator.cells.poll-interval must be positive, got PT0S", onlyProblem(settings));
        settings = new Settings();
        settings.heartbeat = Duration.ofSeconds(-1);
        assertEquals("cardeck.evaluator.cells.heartbeat must be positive, got PT-1S", onlyProblem(settings));
        settings = new Settings();
        settings.backoff = Duration.ofSeconds(-1);
        assertTrue(onlyProblem(settings).startsWith("cardeck.evaluator.fetch.backoff must not be negative"));
    }
}
