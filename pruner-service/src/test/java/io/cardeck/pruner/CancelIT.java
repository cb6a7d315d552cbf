package io.cardeck.pruner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cardeck.events.PruneCancelled;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cancelling prune jobs: pending ones at once, running ones at their next check; finished ones refused. */
@QuarkusTest
class CancelIT {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRunningJobStopsWhenCancelledAndAPendingOneIsCancelledAtOnce() {
        String parent = Registry.register(TestModels.mlp(16, 31), "cancelled-while-training");
        // Fine-tuning for many epochs keeps the service's one worker busy for far longer than this test waits.
        String training = submit(parent, Map.of("sparsity", 0.5, "recovery", Map.of("finetune", Map.of("epochs", 50))));
        try {
            cancelWhileRunning(parent, training);
        } finally {
            // Whatever failed above, the next tests must not wait behind 50 epochs.
            given().post("/prune-jobs/" + training + "/cancel");
        }
    }

    private void cancelWhileRunning(String parent, String training) {
        double cancelledBefore = Metrics.value("cardeck_prune_jobs_total", "magnitude", "cancelled");
        Jobs.await(training, "fine-tuning", Eventually.TRAINING, job -> job.getString("status").equals("RUNNING")
                && job.getString("stage") != null && job.getString("stage").startsWith("fine-tuning"));
        String waiting = submit(parent, Map.of("sparsity", 0.5));
        Jobs.await(waiting, "recorded", job -> job.getString("status").equals("PENDING"));

        given().post("/prune-jobs/" + waiting + "/cancel").then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("attempts", equalTo(0));
        PruneCancelled pendingCancelled = KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneCancelled.class,
                e -> e.jobId().equals(waiting));
        assertEquals("pending", pendingCancelled.stage());

        JsonPath cancelled = given().post("/prune-jobs/" + training + "/cancel").then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .extract().jsonPath();
        PruneCancelled runningCancelled = KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneCancelled.class,
                e -> e.jobId().equals(training));
        assertTrue(runningCancelled.stage().startsWith("fine-tuning"), runningCancelled.stage());
        assertEquals(cancelled.getString("stage"), runningCancelled.stage());

        // The worker is free again only once the fine-tuning has stopped.
        String next = submit(parent, Map.of("sparsity", 0.25));
        assertEquals("SUCCEEDED", Jobs.awaitFinished(next, Duration.ofMinutes(3)).getString("status"));
        Eventually.await("the cancelled run to be counted", () -> Metrics.value("cardeck_prune_jobs_total", "magnitude",
                "cancelled") == cancelledBefore + 1 ? Optional.of(true) : Optional.empty());

        Rows rows = new Rows(dataSource);
        assertEquals(1, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)),
                "only the last job stored a model");
        assertEquals(0, rows.count("SELECT count(*) FROM job_checkpoints WHERE job_id IN (?, ?)", UUID.fromString(training),
                UUID.fromString(waiting)), "a cancelled job keeps no checkpoint");
        JsonPath training1 = Jobs.awaitFinished(training);
        assertEquals("CANCELLED", training1.getString("status"));
        assertNull(training1.get("resultModelId"));
        assertEquals(0, Jobs.awaitFinished(waiting).getInt("attempts"), "the pending job never started");
        assertTrue(KafkaTopics.all(Topics.PRUNE_EVENTS, PruneSucceeded.class).stream()
                .noneMatch(e -> List.of(training, waiting).contains(e.jobId())));
    }

    @Test
    void aJobCancelledBeforeItsRequestArrivesNeverStarts() {
        String parent = Registry.register(TestModels.mlp(8, 32), "cancelled-early");
        String job = UUID.randomUUID().toString();
        given().contentType("application/json")
                .body(Map.of("modelId", parent, "method", "magnitude", "params", Map.of("sparsity", 0.5)))
                .post("/prune-jobs/" + job + "/cancel").then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("method", equalTo("magnitude"));
        assertEquals("pending", KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneCancelled.class,
                e -> e.jobId().equals(job)).stage());

        KafkaTopics.send(Jobs.request(job, parent, "magnitude", Map.of("sparsity", 0.5)));
        // Consumed in order after the request above: once it is finished, the request has been handled.
        String marker = UUID.randomUUID().toString();
        KafkaTopics.send(Jobs.request(marker, parent, "magnitude", Map.of("sparsity", 0.3)));
        assertEquals("SUCCEEDED", Jobs.awaitFinished(marker).getString("status"));

        JsonPath cancelled = Jobs.awaitFinished(job);
        assertEquals("CANCELLED", cancelled.getString("status"));
        assertEquals(0, cancelled.getInt("attempts"));
        assertEquals(1, new Rows(dataSource).count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)),
                "the marker's model only");
    }

    @Test
    void cancellingAFinishedOrUnknownJobIsRefusedWithTheReason() {
        String parent = Registry.register(TestModels.mlp(8, 33), "finished-first");
        String job = submit(parent, Map.of("sparsity", 0.5));
        assertEquals("SUCCEEDED", Jobs.awaitFinished(job).getString("status"));
        given().post("/prune-jobs/" + job + "/cancel").then()
                .statusCode(409)
                .body("error", equalTo("prune job " + job + " is SUCCEEDED; only a PENDING or RUNNING job can be cancelled"));

        String unknown = UUID.randomUUID().toString();
        given().post("/prune-jobs/" + unknown + "/cancel").then()
                .statusCode(404)
                .body("error", equalTo("no prune job with id " + unknown));
        given().post("/prune-jobs/job-7/cancel").then()
                .statusCode(400)
                .body("error", containsString("prune job id 'job-7' is not a UUID"));
        given().contentType("application/json").body(Map.of("modelId", parent))
                .post("/prune-jobs/" + unknown + "/cancel").then()
                .statusCode(400)
                .body("error", containsString("both modelId and method are required"));
        given().get("/prune-jobs/" + unknown).then().statusCode(404);
    }

    private static String submit(String modelId, Map<String, Object> params) {
        String jobId = UUID.randomUUID().toString();
        KafkaTopics.send(Jobs.request(jobId, modelId, "magnitude", params));
        return jobId;
    }
}
