package io.cardeck.pruner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    private record Settings(long maxModelBytes, Duration interval, Duration staleAfter, int maxAttempts) implements PrunerConfig {

        @Override
        public Recovery recovery() {
            return new Recovery() {
                @Override
                public Duration interval() {
                    return interval;
                }

                @Override
                public Duration staleAfter() {
                    return staleAfter;
                }

                @Override
                public int maxAttempts() {
                    return maxAttempts;
                }
            };
        }
    }

    @Test
    void theDefaultsAreAccepted() {
        Settings defaults = new Settings(64L << 20, Duration.ofSeconds(5), Duration.ofMinutes(2), 3);
        assertEquals(List.of(), ConfigCheck.problems(defaults));
    }

    @Test
    void eachBadSettingIsNamedWithWhatIsAccepted() {
        Settings bad = new Settings(3L << 30, Duration.ofSeconds(-1), Duration.ZERO, 0);
        assertEquals(List.of(
                "cardeck.pruner.max-model-bytes is 3221225472; accepted: 1 to 2147483647 (an ONNX model is at most 2 GiB)",
                "cardeck.pruner.recovery.interval is PT-1S; accepted: a positive duration such as 5s",
                "cardeck.pruner.recovery.stale-after is PT0S; accepted: a positive duration such as 5s",
                "cardeck.pruner.recovery.max-attempts is 0; accepted: 1 or more"), ConfigCheck.problems(bad));
    }
}
