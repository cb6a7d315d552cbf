package io.cardeck.outbox.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cardeck.outbox.RetentionPolicy;
import io.cardeck.outbox.RetentionRule;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionConfigTest {

    @Test
    void byDefaultSentEventsAreKeptAWeekAndProcessedIdsAMonthDeletedEvery10MinutesInBatchesOf1000() {
        RetentionConfig config = read(Map.of());

        assertEquals(Duration.ofMinutes(10), config.interval());
        assertEquals(1000, config.batchSize());
        assertEquals(Duration.ofDays(7), config.outbox().keepFor());
        assertEquals(Duration.ofDays(30), config.processedEvents().keepFor());
        Retention.check(config);
    }

    @Test
    void eachSettingCanBeGiven() {
        RetentionConfig config = read(Map.of("cardeck.retention.interval", "1h", "cardeck.retention.batch-size", "50",
                "cardeck.retention.outbox.keep-for", "2d", "cardeck.retention.processed-events.keep-for", "P90D"));

        assertEquals(Duration.ofHours(1), config.interval());
        assertEquals(50, config.batchSize());
        assertEquals(Duration.ofDays(2), config.outbox().keepFor());
        assertEquals(Duration.ofDays(90), config.processedEvents().keepFor());
    }

    @Test
    void aRetentionUnderAMinuteIsRefusedNamingItsKey() {
        assertEquals(new RetentionPolicy(RetentionRule.SENT_OUTBOX_EVENTS, Duration.ofMinutes(1)),
                Retention.policy(RetentionRule.SENT_OUTBOX_EVENTS, Duration.ofMinutes(1)));
        assertEquals("invalid configuration: cardeck.retention.processed-events.keep-for is PT30S; accepted: 1m or more, such as 7d",
                assertThrows(IllegalStateException.class,
                        () -> Retention.policy(RetentionRule.PROCESSED_EVENTS, Duration.ofSeconds(30))).getMessage());
        assertThrows(IllegalStateException.class, () -> Retention.policy(RetentionRule.PROCESSED_EVENTS, Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> Retention.policy(RetentionRule.PROCESSED_EVENTS, Duration.ofDays(-1)));
    }

    @Test
    void aBadIntervalOrBatchSizeIsRefusedNamingItsKey() {
        assertEquals("invalid configuration: cardeck.retention.interval is PT0.5S; accepted: 1s or more, such as 10m",
                assertThrows(IllegalStateException.class,
                        () -> Retention.check(read(Map.of("cardeck.retention.interval", "500ms")))).getMessage());
        assertEquals("invalid configuration: cardeck.retention.batch-size is 0; accepted: 1 to 100000 rows, such as 1000",
                assertThrows(IllegalStateException.class,
                        () -> Retention.check(read(Map.of("cardeck.retention.batch-size", "0")))).getMessage());
        assertThrows(IllegalStateException.class, () -> Retention.check(read(Map.of("cardeck.retention.batch-size", "100001"))));
    }

    /** The mapping as Quarkus reads it: durations in Quarkus's form ("7d", "10m") or ISO-8601. */
    private static RetentionConfig read(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(RetentionConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(RetentionConfig.class);
    }
}
