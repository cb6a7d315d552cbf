package io.cardeck.evaluator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cardeck.evaluator.repository.CellJobRepository;
import io.cardeck.outbox.RetentionPolicy;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code cell-jobs} retention as the service reads it: the service refuses to start on what this refuses. */
class EvaluatorRetentionTest {

    @Test
    void cellsOfEndedEvaluationsAreKeptAWeekByDefaultOrAsLongAsSet() {
        assertEquals(new RetentionPolicy(CellJobRepository.RETENTION, Duration.ofDays(7)), cellJobs(Map.of()));
        assertEquals("cardeck.retention.cell-jobs.keep-for", cellJobs(Map.of()).key());
        assertEquals(Duration.ofDays(2), cellJobs(Map.of("cardeck.retention.cell-jobs.keep-for", "2d")).keepFor());
    }

    @Test
    void aKeepForUnderAMinuteIsRefusedNamingItsKey() {
        assertEquals("invalid configuration: cardeck.retention.cell-jobs.keep-for is PT30S; accepted: 1m or more, such as 7d",
                assertThrows(IllegalStateException.class,
                        () -> cellJobs(Map.of("cardeck.retention.cell-jobs.keep-for", "30"))).getMessage());
        assertThrows(IllegalStateException.class, () -> cellJobs(Map.of("cardeck.retention.cell-jobs.keep-for", "0s")));
    }

    /** The policy the service produces from {@code properties}, read as Quarkus reads them ("7d", "10m", ISO-8601). */
    private static RetentionPolicy cellJobs(Map<String, String> properties) {
        RetentionSettings settings = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(RetentionSettings.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(RetentionSettings.class);
        return new EvaluatorRetention().cellJobs(settings);
    }
}
