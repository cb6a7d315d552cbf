package io.cardeck.outbox.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxConfigTest {

    @Test
    void byDefaultTheRelayPollsEvery200msUnderTheApplicationsName() {
        OutboxConfig config = read(Map.of("quarkus.application.name", "pruner-service"));

        assertEquals(Duration.ofMillis(200), config.interval());
        assertEquals("pruner-service-outbox", config.clientId());
        assertEquals(Duration.ofSeconds(10), config.backlogInterval());
    }

    @Test
    void aRoundWaitsTenSecondsForKafkaByDefaultOrAsLongAsGiven() {
        assertEquals(Duration.ofSeconds(10), read(Map.of("quarkus.application.name", "gateway")).sendTimeout());
        assertEquals(Duration.ofSeconds(5), read(Map.of("quarkus.application.name", "gateway",
                "cardeck.outbox.send-timeout", "5s")).sendTimeout());
    }

    @Test
    void aSendTimeoutOutsideOneSecondTo24DaysIsRefusedWithItsKey() {
        assertEquals(Duration.ofSeconds(1), OutboxPublisher.checkedSendTimeout(Duration.ofSeconds(1)));
        assertEquals("invalid configuration: cardeck.outbox.send-timeout: send timeout PT0.5S is out of range; accepted: 1s to 24 days",
                assertThrows(IllegalStateException.class, () -> OutboxPublisher.checkedSendTimeout(Duration.ofMillis(500))).getMessage());
        assertThrows(IllegalStateException.class, () -> OutboxPublisher.checkedSendTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalStateException.class, () -> OutboxPublisher.checkedSendTimeout(Duration.ofDays(25)));
    }

    @Test
    void eachSettingCanBeGiven() {
        OutboxConfig config = read(Map.of("quarkus.application.name", "gateway",
                "cardeck.outbox.interval", "1s", "cardeck.outbox.client-id", "gateway-7-outbox",
                "cardeck.outbox.backlog-interval", "1m"));

        assertEquals(Duration.ofSeconds(1), config.interval());
        assertEquals("gateway-7-outbox", config.clientId());
        assertEquals(Duration.ofMinutes(1), config.backlogInterval());
    }

    @Test
    void anIntervalUnderAMillisecondIsRefusedWithItsKey() {
        assertEquals(Duration.ofMillis(1), OutboxPublisher.checkedInterval(Duration.ofMillis(1)));
        assertEquals("invalid configuration: cardeck.outbox.interval is PT0S; accepted: a duration of 1ms or more such as 200ms",
                assertThrows(IllegalStateException.class, () -> OutboxPublisher.checkedInterval(Duration.ZERO)).getMessage());
        assertThrows(IllegalStateException.class, () -> OutboxPublisher.checkedInterval(Duration.ofNanos(999_999)));
        assertThrows(IllegalStateException.class, () -> OutboxPublisher.checkedInterval(Duration.ofSeconds(-1)));
    }

    @Test
    void aBacklogIntervalUnderASecondIsRefusedWithItsKey() {
        OutboxBacklogMetrics.checkBacklogInterval(Duration.ofSeconds(1));
        assertEquals("invalid configuration: cardeck.outbox.backlog-interval is PT0.5S; accepted: 1s or more, such as 10s",
                assertThrows(IllegalStateException.class,
                        () -> OutboxBacklogMetrics.checkBacklogInterval(Duration.ofMillis(500))).getMessage());
    }

    /** The mapping as Quarkus reads it: expressions expanded, durations in Quarkus's form ("200ms"). */
    private static OutboxConfig read(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(OutboxConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(OutboxConfig.class);
    }
}
