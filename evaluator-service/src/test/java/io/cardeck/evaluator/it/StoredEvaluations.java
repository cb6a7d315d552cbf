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
        UUID evaluationId = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO evaluations (id, model_id, model_sha256, model_ready_event_id, status, dataset,"
                        + " samples_per_cell, created_at) VALUES (?, ?, ?, ?, 'RUNNING', 'fashion-mnist', 100,"
                        + " now() - interval '1 hour')")) {
            insert.setObject(1, evaluationId);
            insert.setObject(2, modelId);
            insert.setString(3, sha256);
            insert.setObject(4, UUID.randomUUID());
            insert.executeUpdate();
        }
        return evaluationId;
    }

    /** The cells of {@code plan} for the evaluation, each left as {@code left} by {@code owner} after {@code attempts} claims. */
    static void insertCells(AgroalDataSource dataSource, UUID evaluationId, EvaluationPlan plan, Left left, String owner,
                            int attempts) throws SQLException {
        List<Cell> cells = plan.cells();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
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
