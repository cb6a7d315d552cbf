package io.cardeck.ensemble.messaging;

import io.agroal.api.AgroalDataSource;
import io.cardeck.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes this service's outbox (the deck events) to Kafka from startup to shutdown. */
@Singleton
public class OutboxPublisher {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final AgroalDataSource dataSource;
    private final String bootstrapServers;
    private OutboxRelay relay;

    OutboxPublisher(AgroalDataSource dataSource, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.dataSource = dataSource;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        relay = OutboxRelay.forKafka(dataSource, bootstrapServers, "ensemble-service-outbox").start(INTERVAL);
    }

    void stop(@Observes ShutdownEvent event) {
        if (relay != null) {
            relay.close();
        }
    }
}
