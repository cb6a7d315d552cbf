package io.cardeck.evaluator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.cardeck.devstack.DatabaseCut;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.devstack.TcpProxy;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable while a ModelReady arrives, or while an evaluation runs: the service reaches
 * the database through a {@link TcpProxy} that the test cuts and restores ({@link DatabaseCut}); the
 * machine's PostgreSQL is never touched.
 */
@QuarkusTest
@TestProfile(DatabaseOutageIT.DatabaseThroughProxy.class)
class DatabaseOutageIT {

    /** Within the 10-30 s an outage of issue 13 lasts, and longer than the first four backoff delays together. */
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    /** The usual setup, the database behind the proxy. */
    public static class DatabaseThroughProxy extends EvaluatorTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return DatabaseCut.testResources();
        }
    }

    TcpProxy database;

    @Inject
    TestRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aModelAnnouncedWhileTheDatabaseIsDownIsEvaluatedOnceItIsBackNotDeadLettered() {
        AtomicReference<UUID> announced = new AtomicReference<>();
        DatabaseCut.during(database, OUTAGE, () -> announced.set(Evaluations.announceNewModel(registry)));
        UUID modelId = announced.get();

        JsonNode evaluation = Evaluations.awaitFinishedOf(modelId);
        assertEquals("SUCCEEDED", evaluation.get("status").asText(), evaluation.toString());
        assertEquals(1, Evaluations.count(dataSource, "SELECT count(*) FROM evaluations WHERE model_id = ?", modelId),
                "one evaluation");
        Evaluations.awaitPublished(dataSource, modelId);
        assertEquals(1, KafkaBus.events(Topics.EVALUATION_EVENTS, modelId.toString()).stream()
                .filter(EvaluationCompleted.class::isInstance).count(), "completed once");
        assertEquals(List.of(), KafkaBus.read(Topics.deadLetter(Topics.MODELS_READY)), "nothing was dead-lettered");
    }

    @Test
    void anEvaluationRunningWhenTheDatabaseGoesIsFinishedOnceItIsBack() throws InterruptedException {
        UUID modelId = Evaluations.announceNewModel(registry);
        Await.condition("the evaluation of model " + modelId + " to be under way", Await.LONG,
                () -> Evaluations.count(dataSource, "SELECT count(*) FROM cell_jobs c JOIN evaluations e ON e.id ="
                        + " c.evaluation_id WHERE e.model_id = ? AND c.status = 'DONE'", modelId) >= 5);
        database.cut();
        Instant restored;
        try {
            Thread.sleep(OUTAGE.toMillis());
        } finally {
            database.restore();
            restored = Instant.now();
        }

        // A cell whose store met the outage is claimed again once its lease (30 s here) expires; nothing fails.
        JsonNode evaluation = Evaluations.awaitFinishedOf(modelId);
        assertEquals("SUCCEEDED", evaluation.get("status").asText(), evaluation.toString());
        assertTrue(Instant.parse(evaluation.get("completedAt").asText()).isAfter(restored),
                "it was running through the outage: " + evaluation);
        assertEquals(1 + 18 * 5, Evaluations.count(dataSource, "SELECT count(*) FROM cell_jobs WHERE evaluation_id = ?"
                + " AND status = 'DONE'", UUID.fromString(evaluation.get("id").asText())));
        Evaluations.awaitPublished(dataSource, modelId);
        assertEquals(1, KafkaBus.events(Topics.EVALUATION_EVENTS, modelId.toString()).stream()
                .filter(EvaluationCompleted.class::isInstance).count(), "completed once");
    }
}
