package io.cardeck.gateway.messaging;

import io.agroal.api.AgroalDataSource;
import io.cardeck.gateway.config.GatewayConfig;
import io.cardeck.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the one outbox relay of this instance from startup to shutdown: it publishes the gateway's
 * {@code PruneRequested} events with an acks=all, idempotent producer.
 */
@ApplicationScoped
public class OutboxPublisher {

    private final AgroalDataSource dataSource;
    private final GatewayConfig config;
    private final String bootstrapServers;
    private final String applicationName;
    private OutboxRelay relay;

    public OutboxPublisher(AgroalDataSource dataSource, GatewayConfig config,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                           @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.dataSource = dataSource;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.applicationName = applicationName;
    }

    void start(@Observes StartupEvent startup) {
        relay = OutboxRelay.forKafka(dataSource, bootstrapServers, applicationName + "-outbox")
                .start(config.outboxInterval());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (relay != null) {
            relay.close();
        }
    }
}
