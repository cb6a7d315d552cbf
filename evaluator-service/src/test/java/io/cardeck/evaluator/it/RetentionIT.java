package io.cardeck.evaluator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.cardeck.evaluation.EvaluationPlan;
import io.cardeck.evaluator.it.StoredEvaluations.Left;
import io.cardeck.evaluator.service.SuiteStore;
import io.cardeck.outbox.quarkus.Retention;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention of the cells of evaluations ({@code cell-jobs}, kept 7 days by default) on the running
 * service: they go by their evaluation's end, and the evaluation reads the same without them.
 */
@QuarkusTest
@TestProfile(EvaluatorTestProfile.class)
class RetentionIT {

    /** An instance that is alive elsewhere, holding the cells of an evaluation still running. */
    private static final String ELSEWHERE = "other-host/1/alive";

    @Inject
    TestRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SuiteStore suites;

    @Inject
    Retention retention;

    @Test
    void cellsOfEvaluationsThatEndedLongerAgoThanTheRetentionGoWhileRunningAndRecentOnesStay() throws SQLException {
        UUID modelId = Evaluations.announceNewModel(registry);
        UUID succeeded = UUID.fromString(Evaluations.awaitFinishedOf(modelId).get("id").asText());
        execute("UPDATE evaluations SET completed_at = now() - interval '8 days' WHERE id = ?", succeeded);
        JsonNode before = Evaluations.get("/evaluations/" + succeeded);
        assertEquals("SUCCEEDED", before.get("status").asText(), before.toString());
        EvaluationPlan plan = suites.plan("fashion-mnist");
        int planned = plan.cells().size();
        assertEquals(planned, cells(succeeded));
        UUID failed = StoredEvaluations.insertWithCells(dataSource, "9 days", "8 days", plan, Left.PENDING, null);
        UUID failedRecently = StoredEvaluations.insertWithCells(dataSource, "9 days", "6 days", plan, Left.PENDING, null);
        // Accepted a month ago and never finished: its cells are held by a live instance, so nobody here claims them.
        UUID running = StoredEvaluations.insertWithCells(dataSource, "30 days", null, plan, Left.LIVE, ELSEWHERE);
        try {
            Map<String, Long> deleted = retention.purge();

            assertEquals(List.of("outbox", "processed-events", "cell-jobs"), List.copyOf(deleted.keySet()),
                    "the evaluator's kind is purged with every service's");
            assertTrue(deleted.get("cell-jobs") >= 2L * planned, deleted.toString());
            assertEquals(0, cells(succeeded), "succeeded 8 days ago, kept 7");
            assertEquals(0, cells(failed), "failed 8 days ago, kept 7");
            assertEquals(planned, cells(failedRecently), "failed 6 days ago");
            assertEquals(planned, cells(running), "a running evaluation keeps its cells however old");
            assertEquals(before, Evaluations.get("/evaluations/" + succeeded),
                    "the evaluation, its cells' accuracies and its calibration read as before");
        } finally {
            // The running one would otherwise count as work left for the tests after this one.
            execute("DELETE FROM cell_jobs WHERE evaluation_id = ?", running);
            execute("DELETE FROM evaluations WHERE id = ?", running);
        }
    }

    private long cells(UUID evaluationId) {
        return Evaluations.count(dataSource, "SELECT count(*) FROM cell_jobs WHERE evaluation_id = ?", evaluationId);
    }

    private void execute(String sql, UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            statement.executeUpdate();
        }
    }
}
