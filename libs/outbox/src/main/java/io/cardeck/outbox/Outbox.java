package io.cardeck.outbox;

import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Records an event in the service's {@code outbox} table on the caller's connection, so it commits
 * or rolls back with the change it announces; {@link OutboxRelay} publishes it afterwards.
 */
public final class Outbox {

    private static final String INSERT =
            "INSERT INTO outbox (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?)";

    private Outbox() {}

    public static void append(Connection connection, CardeckEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, event.eventId());
            insert.setString(2, event.topic());
            insert.setString(3, event.key());
            insert.setBytes(4, EventCodec.encode(event));
            insert.executeUpdate();
        }
    }
}
