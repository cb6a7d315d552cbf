package io.cardeck.pruner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    private record Jobs(int workers, Duration pollInterval, Duration lease, Duration heartbeat, Duration progressInterval,
                        int maxAttempts, Path workDirectory) implements PrunerConfig.Jobs {
    }

    private record Settings(long maxModelBytes, Jobs jobs) implements PrunerConfig {
    }

    private static final Jobs DEFAULTS = new Jobs(1, Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofSeconds(15),
            Duration.ofSeconds(2), 3, Path.of("/tmp/cardeck-pruner-jobs"));

    @Test
    void theDefaultsAreAccepted() {
        assertEquals(List.of(), ConfigCheck.problems(new Settings(64L << 20, DEFAULTS)));
    }

    @Test
    void eachBadSettingIsNamedWithWhatIsAccepted() {
        Jobs bad = new Jobs(0, Duration.ofSeconds(-1), Duration.ZERO, Duration.ofSeconds(15), Duration.ZERO, 0,
                DEFAULTS.workDirectory());
        assertEquals(List.of(
                "cardeck.pruner.max-model-bytes is 3221225472; accepted: 1 to 2147483647 (an ONNX model is at most 2 GiB)",
                "cardeck.pruner.jobs.workers is 0; accepted: 1 or more",
                "cardeck.pruner.jobs.poll-interval is PT-1S; accepted: a positive duration such as 5s",
                "cardeck.pruner.jobs.progress-interval is PT0S; accepted: a positive duration such as 5s",
                "cardeck.pruner.jobs.lease is PT0S; accepted: a positive duration such as 5s",
                "cardeck.pruner.jobs.lease is PT0S; accepted: at least twice cardeck.pruner.jobs.heartbeat (PT15S)",
                "cardeck.pruner.jobs.max-attempts is 0; accepted: 1 or more"), ConfigCheck.problems(new Settings(3L << 30, bad)));
    }

    @Test
    void aLeaseShorterThanTwoHeartbeatsIsRefused() {
        Jobs tight = new Jobs(1, Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(2),
                3, DEFAULTS.workDirectory());
        assertEquals(List.of("cardeck.pruner.jobs.lease is PT20S; accepted: at least twice cardeck.pruner.jobs.heartbeat"
                + " (PT15S)"), ConfigCheck.problems(new Settings(64L << 20, tight)));
    }
}
