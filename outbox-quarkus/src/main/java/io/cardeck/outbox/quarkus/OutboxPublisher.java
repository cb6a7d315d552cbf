package io.cardeck.outbox.quarkus;

import io.agroal.api.AgroalDataSource;
import io.cardeck.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the one outbox relay of this instance from startup to shutdown: it publishes what
 * {@link EventOutbox} queued with an acks=all, idempotent producer.
 */
@Singleton
public class OutboxPublisher {

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final Map<String, Object> kafka;
    private final String service;
    private OutboxRelay relay;

    OutboxPublisher(AgroalDataSource dataSource, OutboxConfig config,
                    @Identifier("default-kafka-broker") Map<String, Object> kafka,
                    @ConfigProperty(name = "quarkus.application.name") String service) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafka = kafka;
        this.service = service;
    }

    /** The relay logs in as this service ({@link KafkaClientSettings}) and names it as the writer of every event. */
    void start(@Observes StartupEvent startup) {
        Duration interval = checkedInterval(config.interval());
        relay = OutboxRelay.forKafka(dataSource, kafka, config.clientId(), service, checkedSendTimeout(config.sendTimeout()))
                .start(interval);
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

    /** The relay's own check, reported with the key it was read from. */
    static Duration checkedSendTimeout(Duration sendTimeout) {
        try {
            return OutboxRelay.checkSendTimeout(sendTimeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid configuration: cardeck.outbox.send-timeout: " + e.getMessage(), e);
        }
    }
}
