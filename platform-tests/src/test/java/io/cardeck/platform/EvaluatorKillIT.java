package io.cardeck.platform;

import static io.cardeck.platform.PlatformUnderTest.EVALUATOR;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.EventStream;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.ServiceProcess;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.EvaluationFailed;
import io.cardeck.events.ModelReady;
import io.cardeck.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The evaluator-service killed with SIGKILL mid-evaluation (LeNet-5, 500 images per cell): the cell
 * it held is claimed again by the instance started again once its lease has run out, and the
 * evaluation ends SUCCEEDED once, with one row, its cells and one EvaluationCompleted.
 */
class EvaluatorKillIT {

    private static final Duration LEASE = Duration.ofSeconds(10);

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.withEnvironment("evaluator_kill", Map.of(
            "CARDECK_EVALUATOR_SAMPLES_PER_CELL", "500",
            // A progress event per percent: the kill comes early in the evaluation.
            "CARDECK_EVALUATOR_PROGRESS_STEP", "1",
            "CARDECK_EVALUATOR_CELLS_HEARTBEAT", "2s",
            "CARDECK_EVALUATOR_CELLS_LEASE", LEASE.toSeconds() + "s"));

    /** Generating the suite (500 images x 90 cells) and evaluating, on a machine shared with other work. */
    private static final Duration EVALUATION = Duration.ofMinutes(6);

    @Test
    void anEvaluationLeftByAKilledEvaluatorIsTakenOverAndEndsOnce() throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        String model = PLATFORM.uploadLenet("lenet5-evaluator-kill");
        ServiceProcess killed = platform.service(EVALUATOR);
        try (EventStream events = new EventStream(PlatformUnderTest.HTTP, platform.gatewayRequest("/api/events?modelId=" + model))) {
            EventStream.Event progress = events.await(e -> e.type().equals("EvaluationProgressed")
                    && e.data().get("percent").asDouble() > 0, EVALUATION);
            Object evaluationId = evaluations(model).get(0).get("id");
            List<Map<String, Object>> held = killWhileHoldingACell(killed, evaluationId);
            long kill = System.nanoTime();
            List<Map<String, Object>> left = evaluations(model);
            assertEquals(1, left.size(), left.toString());
            assertEquals("RUNNING", left.get(0).get("status"), "killed mid-evaluation (" + progress.data() + "): " + left);
            assertEquals(1, held.size(), "one worker, one cell held: " + held);
            assertTrue(((String) held.get(0).get("lease_owner")).contains("/" + killed.pid() + "/"), held.toString());

            ServiceProcess restarted = platform.restart(EVALUATOR);
            Duration restart = Duration.ofNanos(System.nanoTime() - kill);
            String status = await("the evaluation of model " + model + " to end").atMost(EVALUATION)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> (String) evaluations(model).get(0).get("status"), s -> !s.equals("RUNNING"));
            System.out.printf("EvaluatorKillIT: killed at %.0f%%; ready again %.1f s after the kill; the evaluation ended %s"
                    + " %.1f s after the kill%n", progress.data().get("percent").asDouble(), restart.toMillis() / 1e3, status,
                    (System.nanoTime() - kill) / 1e9);

            // Once: one row, its cells each stored once; the cell the killed instance held computed by the new one.
            List<Map<String, Object>> ended = evaluations(model);
            assertEquals(1, ended.size(), ended.toString());
            Map<String, Object> evaluation = ended.get(0);
            assertEquals("SUCCEEDED", evaluation.get("status"), evaluation.toString());
            assertEquals(List.of(Map.of("n", 91L)), PLATFORM.rows("SELECT count(*) AS n FROM evaluator.cell_jobs"
                    + " WHERE evaluation_id = ? AND status = 'DONE'", evaluationId), "the clean cell and 90 corrupted, done");
            List<Map<String, Object>> retaken = PLATFORM.rows("SELECT attempts, computed_by FROM evaluator.cell_jobs"
                    + " WHERE evaluation_id = ? AND position = ?", evaluationId, held.get(0).get("position"));
            assertEquals(2, retaken.get(0).get("attempts"), "claimed by the killed instance, then once more: " + retaken);
            assertTrue(((String) retaken.get(0).get("computed_by")).contains("/" + restarted.pid() + "/"), retaken.toString());
            assertEquals(List.of(Map.of("n", 90L)), PLATFORM.rows(
                    "SELECT count(*) AS n FROM evaluator.evaluation_cells WHERE evaluation_id = ?", evaluationId),
                    "every gray corruption x severity, once");

            String id = evaluation.get("id").toString();
            List<CardeckEvent> results = PLATFORM.events(Topics.EVALUATION_EVENTS).stream()
                    .filter(e -> e instanceof EvaluationCompleted c && c.evaluationId().equals(id)
                            || e instanceof EvaluationFailed f && f.evaluationId().equals(id)).toList();
            assertEquals(1, results.size(), "one result event: " + results);
            assertTrue(results.get(0) instanceof EvaluationCompleted, results.toString());
            List<CardeckEvent> announced = PLATFORM.events(Topics.MODELS_READY).stream()
                    .filter(e -> e instanceof ModelReady r && r.modelId().equals(model)).toList();
            assertEquals(1, announced.size(), announced.toString());
            assertEquals(List.of(Map.of("n", 1L)), PLATFORM.rows(
                    "SELECT count(*) AS n FROM evaluator.processed_events WHERE event_id = ?", announced.get(0).eventId()),
                    "the ModelReady applied once");
            events.await(e -> e.type().equals("EvaluationCompleted"), Duration.ofSeconds(30));
        }
    }

    /**
     * SIGKILLs {@code evaluator} at a moment it holds a cell of the evaluation, and returns the cells it
     * held. Its worker stores one cell and then claims the next, so a kill at any moment can fall between
     * two; frozen first (SIGSTOP), it is killed only once the database shows it holding one.
     */
    private static List<Map<String, Object>> killWhileHoldingACell(ServiceProcess evaluator, Object evaluationId)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            signal("STOP", evaluator.pid());
            List<Map<String, Object>> held = PLATFORM.rows("SELECT position, lease_owner FROM evaluator.cell_jobs"
                    + " WHERE evaluation_id = ? AND status = 'RUNNING'", evaluationId);
            if (!held.isEmpty()) {
                evaluator.kill();
                return held;
            }
            signal("CONT", evaluator.pid());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the evaluator held no cell of evaluation " + evaluationId + " for 60 s");
            }
            Thread.sleep(10);
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    private static List<Map<String, Object>> evaluations(String model) {
        return PLATFORM.rows("SELECT id, status FROM evaluator.evaluations WHERE model_id = ?",
                UUID.fromString(model));
    }
}
