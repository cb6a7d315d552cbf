package io.cardeck.ensemble.it;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** What the service stored, read straight from its tables. */
final class Facts {

    private Facts() {
    }

    /** The stored robust accuracy of {@code modelId}, null when none is stored. */
    static Double robustAccuracy(UUID modelId) {
        return query("SELECT robust_accuracy FROM model_facts WHERE model_id = ?", modelId);
    }

    /** How many times event {@code eventId} is recorded as applied. */
    static long processed(UUID eventId) {
        Number count = query("SELECT count(*) FROM processed_events WHERE event_id = ?", eventId);
        return count.longValue();
    }

    /** Rows of a table of the service's schema. */
    static long count(String table) {
        Number count = query("SELECT count(*) FROM " + table, null);
        return count.longValue();
    }

    @SuppressWarnings("unchecked")
    private static <T> T query(String sql, UUID parameter) {
        AgroalDataSource dataSource = Arc.container().instance(AgroalDataSource.class).get();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setObject(1, parameter);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? (T) result.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
