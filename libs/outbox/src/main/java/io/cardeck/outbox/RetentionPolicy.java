package io.cardeck.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A {@link RetentionRule} with how long its rows are kept. Deletion goes in batches of bounded size,
 * each its own transaction, so that a large backlog of old rows never holds locks for long.
 */
public record RetentionPolicy(RetentionRule rule, Duration keepFor) {

    public RetentionPolicy {
        if (rule == null || keepFor == null || keepFor.isNegative() || keepFor.isZero()) {
            throw new IllegalArgumentException("a retention policy is a rule and a positive duration, got " + rule
                    + " for " + keepFor);
        }
    }

    /** The setting that gives {@link #keepFor()}. */
    public String key() {
        return "cardeck.retention." + rule.kind() + ".keep-for";
    }

    /**
     * Deletes the rule's rows older than {@link #keepFor()}, {@code batchSize} at most per transaction,
     * until none is left.
     *
     * @return how many rows were deleted
     */
    public long purge(DataSource dataSource, int batchSize) throws SQLException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a retention batch holds at least 1 row, got " + batchSize);
        }
        double seconds = keepFor.toNanos() / 1e9;
        long deleted = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(rule.deleteBatch())) {
            // Each batch commits on its own: a caller's transaction would hold every deleted row locked to the end.
            connection.setAutoCommit(true);
            delete.setDouble(1, seconds);
            delete.setInt(2, batchSize);
            int batch;
            do {
                batch = delete.executeUpdate();
                deleted += batch;
            } while (batch == batchSize);
        }
        return deleted;
    }
}
