package io.cardeck.outbox.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabaseOutageRetryTest {

    private static final long KAFKA_MAX_AGE_MILLIS = 600_000;

    /** A clock that moves only when the retry pauses, and the pauses it was asked for. */
    private final List<Duration> pauses = new ArrayList<>();
    private long now;

    @Test
    void theSameMessageIsAppliedAgainWithADoublingDelayUntilTheDatabaseIsBack() {
        AtomicInteger attempts = new AtomicInteger();

        retry(Map.of()).apply("a request", () -> {
            if (attempts.incrementAndGet() <= 7) {
                throw unreachable();
            }
        });

        assertEquals(8, attempts.get());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(10)), pauses, "0.5 s doubling to 10 s");
    }

    @Test
    void aMessageThatFailsForAnotherReasonIsThrownAtOnceToBeDeadLettered() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalArgumentException bad = new IllegalArgumentException("unknown model");

        assertSame(bad, assertThrows(IllegalArgumentException.class, () -> retry(Map.of()).apply("a request", () -> {
            attempts.incrementAndGet();
            throw bad;
        })));
        assertEquals(1, attempts.get());
        assertEquals(List.of(), pauses);
    }

    @Test
    void anOutageLongerThanGiveUpAfterThrowsSayingHowLongItLasted() {
        AtomicInteger attempts = new AtomicInteger();

        IllegalStateException given = assertThrows(IllegalStateException.class,
                () -> retry(Map.of("cardeck.consumers.database-outage.give-up-after", "30s")).apply("a request", () -> {
                    attempts.incrementAndGet();
                    throw unreachable();
                }));

        // 0.5 + 1 + 2 + 4 + 8 + 10 = 25.5 s waited; another 10 s would pass the 30 s.
        assertEquals(7, attempts.get());
        assertEquals(Duration.ofMillis(25_500), pauses.stream().reduce(Duration.ZERO, Duration::plus));
        assertEquals("the database was unreachable for 25 s (cardeck.consumers.database-outage.give-up-after PT30S):"
                + " cannot record the request", given.getMessage());
        assertTrue(DatabaseOutage.isCauseOf(given.getCause()));
    }

    @Test
    void eachSettingCanBeGiven() {
        AtomicInteger attempts = new AtomicInteger();

        retry(Map.of("cardeck.consumers.database-outage.first-delay", "100ms",
                "cardeck.consumers.database-outage.max-delay", "300ms")).apply("a request", () -> {
                    if (attempts.incrementAndGet() <= 4) {
                        throw unreachable();
                    }
                });

        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300)), pauses);
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertEquals("invalid configuration: cardeck.consumers.database-outage.first-delay is PT0S; accepted: 1ms or more, such as 500ms",
                assertThrows(IllegalStateException.class,
                        () -> retry(Map.of("cardeck.consumers.database-outage.first-delay", "0s"))).getMessage());
        assertEquals("invalid configuration: cardeck.consumers.database-outage.max-delay is PT0.1S; accepted: at least first-delay (PT0.5S)",
                assertThrows(IllegalStateException.class,
                        () -> retry(Map.of("cardeck.consumers.database-outage.max-delay", "100ms"))).getMessage());
        IllegalStateException tooLong = assertThrows(IllegalStateException.class,
                () -> retry(Map.of("cardeck.consumers.database-outage.give-up-after", "10m")));
        assertTrue(tooLong.getMessage().startsWith("invalid configuration: cardeck.consumers.database-outage.give-up-after is PT10M;"
                + " accepted: less than " + DatabaseOutageRetry.UNPROCESSED_RECORD_MAX_AGE + " (600000 ms)"), tooLong.getMessage());
    }

    private DatabaseOutageRetry retry(Map<String, String> properties) {
        DatabaseOutageConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(DatabaseOutageConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(DatabaseOutageConfig.class);
        return new DatabaseOutageRetry(config, KAFKA_MAX_AGE_MILLIS, () -> now, delay -> {
            pauses.add(delay);
            now += delay.toNanos();
        });
    }

    private static RuntimeException unreachable() {
        return new IllegalStateException("cannot record the request",
                new SQLException("Connection to 127.0.0.1:5432 refused.", "08001"));
    }
}
