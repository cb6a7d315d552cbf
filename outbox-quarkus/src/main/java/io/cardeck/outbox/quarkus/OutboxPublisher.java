package io.cardeck.outbox.quarkus;

import io.agroal.api.AgroalDataSource;
import io.cardeck.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the one outbox relay of this instance from startup to shutdown: it publishes what
 * {@link EventOutbox} queued with an acks=all, idempotent producer.
 */
@Singleton
public class OutboxPublisher {

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final String bootstrapServers;
    private OutboxRelay relay;

    OutboxPublisher(AgroalDataSource dataSource, OutboxConfig config,
                    @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.dataSource = dataSource;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent startup) {
        Duration interval = checkedInterval(config.interval());
        relay = OutboxRelay.forKafka(dataSource, bootstrapServers, config.clientId()).start(interval);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (relay != null) {
            relay.close();
        }
    }

    /** Checked before the producer exists: the relay schedules in whole milliseconds and refuses no delay without naming the key. */
    static Duration checkedInterval(Duration interval) {
        if (interval.toMillis() < 1) {
            throw new IllegalStateException("invalid configuration: cardeck.outbox.interval is " + interval
                    + "; accepted: a duration of 1ms or more such as 200ms");
        }
        return interval;
    }
}
