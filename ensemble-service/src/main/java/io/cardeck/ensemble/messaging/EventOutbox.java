package io.cardeck.ensemble.messaging;

import io.agroal.api.AgroalDataSource;
import io.cardeck.events.CardeckEvent;
import io.cardeck.outbox.Outbox;
import io.cardeck.outbox.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The service's side of the transactional outbox, on the connection of the caller's transaction:
 * deck events and consumed event ids commit or roll back with the change they belong to.
 */
@ApplicationScoped
public class EventOutbox {

    /** The consumer name under which this service records the events it applied. */
    public static final String CONSUMER = "ensemble-service";

    private final AgroalDataSource dataSource;

    public EventOutbox(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
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
            return ProcessedEvents.firstDelivery(connection, CONSUMER, eventId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record consumed event " + eventId + ": " + e.getMessage(), e);
        }
    }
}
