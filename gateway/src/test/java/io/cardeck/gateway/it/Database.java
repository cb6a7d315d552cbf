package io.cardeck.gateway.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** Row counts of the gateway's tables, read with plain JDBC. */
record Database(DataSource dataSource) {

    long pruneRequests() {
        return count("SELECT count(*) FROM prune_requests", null);
    }

    long pruneRequests(String jobId) {
        return count("SELECT count(*) FROM prune_requests WHERE id = ?", UUID.fromString(jobId));
    }

    long outbox() {
        return count("SELECT count(*) FROM outbox", null);
    }

    private long count(String sql, Object parameter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setObject(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}
