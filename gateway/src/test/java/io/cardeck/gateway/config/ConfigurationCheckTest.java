package io.cardeck.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigurationCheckTest {

    private record Uploads(int maxConcurrent, Duration runtimeTimeout, MemorySize maxWeightBytes, long maxTensorElements,
                           MemorySize maxActivationBytes) implements GatewayConfig.Uploads {
    }

    @Test
    void theDefaultsAreAccepted() {
        Uploads defaults = new Uploads(2, Duration.ofSeconds(8), new MemorySize(BigInteger.valueOf(64L << 20)), 64L << 20,
                new MemorySize(BigInteger.valueOf(2L << 30)));
        assertEquals(List.of(), ConfigurationCheck.uploadProblems(defaults));
    }

    @Test
    void eachBadUploadLimitIsNamedWithWhatIsAccepted() {
        Uploads bad = new Uploads(0, Duration.ZERO, new MemorySize(BigInteger.ZERO), -1, new MemorySize(BigInteger.ZERO));
        assertEquals(List.of(
                "cardeck.gateway.uploads.max-concurrent must be >= 1, got 0",
                "cardeck.gateway.uploads.runtime-timeout must be a positive duration such as 8s, got PT0S",
                "cardeck.gateway.uploads.max-weight-bytes must be at least 1 byte (e.g. 64M), got 0",
                "cardeck.gateway.uploads.max-tensor-elements must be >= 1, got -1",
                "cardeck.gateway.uploads.max-activation-bytes must be at least 1 byte (e.g. 2G), got 0"),
                ConfigurationCheck.uploadProblems(bad));
    }

    @Test
    void aNegativeKeyOutageGraceIsNamedWithWhatIsAccepted() {
        assertEquals(Optional.of("cardeck.gateway.key-outage-grace must be 0s or more (0s: no issued key is accepted"
                        + " while the database is unreachable), got PT-1S"),
                ConfigurationCheck.keyOutageGraceProblem(Duration.ofSeconds(-1)));
        assertEquals(Optional.empty(), ConfigurationCheck.keyOutageGraceProblem(Duration.ZERO));
        assertEquals(Optional.empty(), ConfigurationCheck.keyOutageGraceProblem(Duration.ofMinutes(10)));
    }
}
