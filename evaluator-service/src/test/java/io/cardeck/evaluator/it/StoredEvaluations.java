package io.cardeck.evaluator.it;

import io.agroal.api.AgroalDataSource;
import io.cardeck.evaluation.Cell;
import io.cardeck.evaluation.EvaluationPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Evaluations and cells written straight into the database, as a dead instance or an earlier version left them. */
final class StoredEvaluations {

    /** A cell's state as an instance left it. */
    enum Left {
        /** Nobody holds it. */
        PENDING,
        /** Held by an instance that died: its lease ran out an hour ago. */
        EXPIRED,
        /** Held by an instance that is alive: its lease runs for another hour. */
        LIVE
    }

    private StoredEvaluations() {
    }

    /** A RUNNING evaluation of 100 images per cell of Fashion-MNIST, accepted an hour ago, without cells. */
    static UUID insertRunning(AgroalDataSource dataSource, UUID modelId, String sha256) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return insertEvaluation(connection, modelId, sha256, "1 hour", "RUNNING", null);
        }
    }

    /** The cells of {@code plan} for the evaluation, each left as {@code left} by {@code owner} after {@code attempts} claims. */
    static void insertCells(AgroalDataSource dataSource, UUID evaluationId, EvaluationPlan plan, Left left, String owner,
                            int attempts) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            insertCells(connection, evaluationId, plan, left, owner, attempts);
        }
    }

    /**
     * An evaluation of 100 images per cell of Fashion-MNIST accepted {@code acceptedAgo} with the cells of
     * {@code plan}, each left as {@code left} by {@code owner}, in one transaction (so no instance finds
     * it without cells and plans it meanwhile): RUNNING when {@code endedAgo} is null, else FAILED that long ago.
     */
    static UUID insertWithCells(AgroalDataSource dataSource, String acceptedAgo, String endedAgo, EvaluationPlan plan,
                                Left left, String owner) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            UUID evaluationId = insertEvaluation(connection, UUID.randomUUID(), "0".repeat(64), acceptedAgo,
                    endedAgo == null ? "RUNNING" : "FAILED", endedAgo);
            insertCells(connection, evaluationId, plan, left, owner, 1);
            connection.commit();
            return evaluationId;
        }
    }

    private static UUID insertEvaluation(Connection connection, UUID modelId, String sha256, String acceptedAgo, String status,
                                         String endedAgo) throws SQLException {
        UUID evaluationId = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO evaluations (id, model_id, model_sha256, model_ready_event_id, status, dataset,"
                        + " samples_per_cell, error, created_at, completed_at) VALUES (?, ?, ?, ?, ?, 'fashion-mnist', 100,"
                        + " ?, now() - CAST(? AS interval), now() - CAST(? AS interval))")) {
            insert.setObject(1, evaluationId);
            insert.setObject(2, modelId);
            insert.setString(3, sha256);
            insert.setObject(4, UUID.randomUUID());
            insert.setString(5, status);
            insert.setString(6, "FAILED".equals(status) ? "stored by a test" : null);
            insert.setString(7, acceptedAgo);
            insert.setString(8, endedAgo);
            insert.executeUpdate();
        }
        return evaluationId;
    }

    private static void insertCells(Connection connection, UUID evaluationId, EvaluationPlan plan, Left left, String owner,
                                    int attempts) throws SQLException {
        List<Cell> cells = plan.cells();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO cell_jobs (id, evaluation_id, position, corruption, severity, status, attempts, lease_owner,"
                        + " lease_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now() + CAST(? AS interval))")) {
            for (int position = 0; position < cells.size(); position++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, evaluationId);
                insert.setInt(3, position);
                insert.setString(4, cells.get(position).corruption());
                insert.setInt(5, cells.get(position).severity());
                insert.setString(6, left == Left.PENDING ? "PENDING" : "RUNNING");
                insert.setInt(7, attempts);
                insert.setString(8, left == Left.PENDING ? null : owner);
                insert.setString(9, switch (left) {
                    case PENDING -> null;
                    case EXPIRED -> "-1 hour";
                    case LIVE -> "1 hour";
                });
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
