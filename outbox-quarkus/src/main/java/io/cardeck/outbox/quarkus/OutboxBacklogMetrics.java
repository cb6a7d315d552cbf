package io.cardeck.outbox.quarkus;

import io.agroal.api.AgroalDataSource;
import io.cardeck.outbox.OutboxBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * The relay's backlog as Micrometer gauges, in every service that relays: {@code cardeck.outbox.unsent}
 * (events committed but not acknowledged by Kafka) and {@code cardeck.outbox.oldest.unsent.age} (how long
 * the oldest of them has waited). Measured every {@code cardeck.outbox.backlog-interval}; while the
 * database cannot be read both are NaN (unknown), not the last figures.
 */
@Startup
@ApplicationScoped
public class OutboxBacklogMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxBacklogMetrics.class);

    private final AgroalDataSource dataSource;
    /** The latest measurement; null when the latest one failed or none was made yet. */
    private final AtomicReference<OutboxBacklog> latest = new AtomicReference<>();

    OutboxBacklogMetrics(AgroalDataSource dataSource, MeterRegistry registry, OutboxConfig config) {
        checkBacklogInterval(config.backlogInterval());
        this.dataSource = dataSource;
        Gauge.builder("cardeck.outbox.unsent", latest, measured -> unknownIfNull(measured.get(), OutboxBacklog::unsent))
                .description("Outbox events committed but not yet acknowledged by Kafka")
                .baseUnit("events")
                .register(registry);
        TimeGauge.builder("cardeck.outbox.oldest.unsent.age", latest, TimeUnit.SECONDS,
                        measured -> unknownIfNull(measured.get(), backlog -> backlog.oldestAge().toNanos() / 1e9))
                .description("How long the oldest unsent outbox event has waited; 0 when none waits")
                .register(registry);
    }

    @Scheduled(identity = "cardeck-outbox-backlog", every = "${cardeck.outbox.backlog-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            latest.set(OutboxBacklog.read(dataSource));
        } catch (SQLException | RuntimeException e) {
            latest.set(null);
            LOG.debugf("cannot measure the outbox backlog: %s", e.getMessage());
        }
    }

    private static double unknownIfNull(OutboxBacklog backlog, ToDoubleFunction<OutboxBacklog> figure) {
        return backlog == null ? Double.NaN : figure.applyAsDouble(backlog);
    }

    static void checkBacklogInterval(Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("invalid configuration: cardeck.outbox.backlog-interval is " + interval
                    + "; accepted: 1s or more, such as 10s");
        }
    }
}
