package io.cardeck.ensemble.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.onnx.runtime.Device;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationCheckTest {

    private record Calibration(int images, long seed) implements EnsembleConfig.Calibration {
    }

    private record Batching(int maxImages, Duration maxDelay, int capacity, MemorySize capacityBytes)
            implements EnsembleConfig.Batching {

        Batching(int maxImages, Duration maxDelay, int capacity) {
            this(maxImages, maxDelay, capacity, new MemorySize(BigInteger.valueOf(64L << 20)));
        }
    }

    private record Settings(String registryUrl, Device device, int intraOpThreads, Path datasetDir, Calibration calibration,
                            Batching batching, int maxRequestImages, Duration requestTimeout, Duration deckRefresh)
            implements EnsembleConfig {
    }

    @Test
    void theDefaultsAreAccepted() {
        Settings defaults = new Settings("http://127.0.0.1:8081", Device.CPU, 0, Path.of("/usr/share/datasets/fashion-mnist"),
                new Calibration(1000, 0), new Batching(64, Duration.ZERO, 256), 1024, Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertEquals(List.of(), ConfigurationCheck.problems(defaults));
    }

    @Test
    void eachBadSettingIsNamedWithWhatIsAccepted() {
        Settings bad = new Settings("ftp://registry", Device.CPU, -1, Path.of("/data"), new Calibration(0, 0),
                new Batching(0, Duration.ZERO, 256), 0, Duration.ZERO, Duration.ofSeconds(-1));
        List<String> problems = ConfigurationCheck.problems(bad);
        assertEquals(List.of(
                "cardeck.ensemble.registry-url must be an http(s) URL such as http://127.0.0.1:8081, got 'ftp://registry'",
                "cardeck.ensemble.intra-op-threads must be >= 0 (0 lets ONNX Runtime choose), got -1",
                "cardeck.ensemble.calibration.images must be >= 1, got 0",
                "cardeck.ensemble.max-request-images must be >= 1, got 0",
                "cardeck.ensemble.request-timeout must be positive, got PT0S",
                "cardeck.ensemble.deck-refresh must be >= 0 (0 reads the deck for every request), got PT-1S"),
                problems.subList(0, 6));
        assertEquals(7, problems.size(), problems.toString());
        assertEquals(true, problems.get(6).startsWith("cardeck.ensemble.batching: "), problems.get(6));
    }

    @Test
    void aByteCapacityUnderOneByteIsNamedWithWhatIsAccepted() {
        Settings bad = new Settings("http://127.0.0.1:8081", Device.CPU, 0, Path.of("/data"), new Calibration(1000, 0),
                new Batching(64, Duration.ZERO, 256, new MemorySize(BigInteger.ZERO)), 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(5));
        assertEquals(List.of("cardeck.ensemble.batching.capacity-bytes must be at least 1 byte (e.g. 64M), got 0"),
                ConfigurationCheck.problems(bad));
    }
}
