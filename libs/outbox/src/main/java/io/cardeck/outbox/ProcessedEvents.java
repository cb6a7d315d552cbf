package io.cardeck.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The events a consumer has applied. Called in the transaction that applies the event: a
 * redelivered event (Kafka delivers at least once) finds its id and is skipped, and if the
 * transaction rolls back the id is not recorded, so the event is applied again later.
 */
public final class ProcessedEvents {

    private static final String INSERT =
            "INSERT INTO processed_events (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING";

    private ProcessedEvents() {}

    /** Records {@code eventId} for {@code consumer}; false when it was already recorded. */
    public static boolean firstDelivery(Connection connection, String consumer, UUID eventId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, consumer);
            insert.setObject(2, eventId);
            return insert.executeUpdate() == 1;
        }
    }
}
