package io.cardeck.outbox.quarkus;

import io.agroal.api.AgroalDataSource;
import io.cardeck.events.CardeckEvent;
import io.cardeck.outbox.Outbox;
import io.cardeck.outbox.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's side of the transactional outbox, on the connection of the caller's transaction
 * (Agroal hands out the connection enlisted in it): published events and consumed event ids
 * commit or roll back with the change they belong to.
 */
@ApplicationScoped
public class EventOutbox {

    private final AgroalDataSource dataSource;
    /** The name under which this service records the events it applied: its application name. */
    private final String consumer;

    EventOutbox(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.dataSource = dataSource;
        this.consumer = consumer;
    }

    /** Queues {@code event}; the relay publishes it once the transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(CardeckEvent event) {
        try (Connection connection = dataSource.getConnection()) {
            Outbox.append(connection, event);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + event.getClass().getSimpleName() + " to the outbox: "
                    + e.getMessage(), e);
        }
    }

    /** Records that this service applies {@code eventId}; false for a redelivery of an event already applied. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(UUID eventId) {
        try (Connection connection = dataSource.getConnection()) {
            return ProcessedEvents.firstDelivery(connection, consumer, eventId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record consumed event " + eventId + ": " + e.getMessage(), e);
        }
    }
}
