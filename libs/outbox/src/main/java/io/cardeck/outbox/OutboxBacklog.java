package io.cardeck.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * What the relay has still to publish: the outbox rows Kafka has not acknowledged, and how long the
 * oldest of them has waited (zero when there is none), by the database's clock.
 */
public record OutboxBacklog(long unsent, Duration oldestAge) {

    private static final String QUERY = "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)"
            + " FROM outbox WHERE sent_at IS NULL";

    public static OutboxBacklog read(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(QUERY);
             ResultSet row = query.executeQuery()) {
            row.next();
            return new OutboxBacklog(row.getLong(1), Duration.ofNanos(Math.round(row.getDouble(2) * 1e9)));
        }
    }
}
