package io.cardeck.pruner;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cardeck.events.PruneProgressed;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.events.Topics;
import io.cardeck.events.TrainingRecord;
import io.cardeck.pruner.service.PruneJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints in the database: a run saves its work directory there after each epoch, and whichever
 * run of the job comes next (on any instance) restores it into a fresh directory and resumes.
 */
@QuarkusTest
class CheckpointIT {

    private static final String HELD = "INSERT INTO prune_jobs (id, model_id, method, params, status, attempts, "
            + "lease_owner, lease_expires_at) VALUES (?, ?, 'magnitude', CAST(? AS jsonb), 'RUNNING', 1, ?, "
            + "now() + interval '1 hour')";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PruneJobs jobs;

    @Test
    void aTrainingJobTakenOverAfterAnEpochResumesThereAndEndsOnce() {
        String parent = Registry.register(TestModels.mlp(16, 41), "taken-over");
        String job = UUID.randomUUID().toString();
        Map<String, Object> params = Map.of("sparsity", 0.5,
                "recovery", Map.of("finetune", Map.of("epochs", 2, "batchSize", 256)));
        KafkaTopics.send(Jobs.request(job, parent, "magnitude", params));

        Rows rows = new Rows(dataSource);
        UUID id = UUID.fromString(job);
        Eventually.await("the checkpoint of epoch 1", Eventually.TRAINING, () -> rows.count("SELECT count(*) FROM "
                + "job_checkpoints WHERE job_id = ? AND stage LIKE 'fine-tuning: epoch 1/2 done%'", id) == 1
                ? Optional.of(true) : Optional.empty());
        // The instance running it "dies": its lease is another's now and expired, as a killed instance leaves it.
        // The run here learns at its next renewal that the job is not its own, and stops; the job is claimed again.
        rows.execute("UPDATE prune_jobs SET lease_owner = 'killed-instance', lease_expires_at = now() - interval '1 second'"
                + " WHERE id = ?", id);

        JsonPath finished = Jobs.awaitFinished(job, Eventually.TRAINING);
        assertEquals("SUCCEEDED", finished.getString("status"), finished.prettify());
        assertEquals(2, finished.getInt("attempts"));
        assertTrue(finished.getString("resumedFrom.stage").startsWith("fine-tuning: epoch 1/2 done"),
                finished.getString("resumedFrom.stage"));
        assertTrue(finished.getDouble("resumedFrom.percent") > 0, finished.prettify());
        assertEquals(0, rows.count("SELECT count(*) FROM job_checkpoints WHERE job_id = ?", id), "gone with the job");
        assertEquals(1, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)),
                "one result model");
        // The outbox relays in order: once PruneSucceeded is on the topic, so is every event before it.
        KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneSucceeded.class, e -> e.jobId().equals(job));
        assertEquals(1, KafkaTopics.all(Topics.PRUNE_EVENTS, PruneSucceeded.class).stream()
                .filter(e -> e.jobId().equals(job)).count());

        JsonPath model = given().get("/models/" + finished.getString("resultModelId")).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1, model.getInt("lineage.recipe.recovery.finetune.resumedAfterEpoch"),
                "the fine-tuning resumed after epoch 1, not from scratch: " + model.prettify());
        assertEquals("fashion-mnist", model.getString("lineage.recipe.calibration.dataset"), model.prettify());

        List<PruneProgressed> progress = KafkaTopics.all(Topics.PRUNE_EVENTS, PruneProgressed.class).stream()
                .filter(e -> e.jobId().equals(job)).toList();
        assertTrue(progress.stream().anyMatch(e -> e.stage().startsWith("resumed from the checkpoint of: fine-tuning: epoch 1/2 done")),
                progress.toString());
        assertTrue(progress.stream().anyMatch(e -> e.stage().equals("fine-tuning: epoch 2/2, resumed after epoch 1 from its"
                + " checkpoint")), "the trainer itself says where it resumed: " + progress);
        for (int epoch = 1; epoch <= 2; epoch++) {
            String done = "fine-tuning: epoch " + epoch + "/2 done";
            assertTrue(progress.stream().anyMatch(e -> e.stage().startsWith(done)), "an event for each epoch: " + done);
            // Each epoch's end carries its training record: the figures the lineage's history records for that epoch.
            for (PruneProgressed end : progress.stream().filter(e -> e.stage().startsWith(done)).toList()) {
                TrainingRecord training = end.training();
                assertEquals(new TrainingRecord("fine-tuning", null, epoch, 2, null, null, training.loss(),
                        training.trainAccuracy(), training.heldOutAccuracy()), training, end.toString());
                assertTrue(training.heldOutAccuracy() != null, "the held-out part is evaluated after each epoch: " + end);
            }
        }
        List<Map<String, Object>> history = model.getList("lineage.recipe.recovery.finetune.history");
        Map<String, Object> last = history.get(history.size() - 1);
        assertEquals(2, ((Number) last.get("epoch")).intValue(), history.toString());
        TrainingRecord lastEnd = progress.stream().filter(e -> e.stage().startsWith("fine-tuning: epoch 2/2 done"))
                .reduce((first, second) -> second).orElseThrow().training();
        // The lineage keeps the figures at float precision (the model's metadata); the event has them whole.
        assertEquals(((Number) last.get("loss")).doubleValue(), lastEnd.loss(), 1e-6, lastEnd.toString());
        assertEquals(((Number) last.get("trainAccuracy")).doubleValue(), lastEnd.trainAccuracy(), 1e-6, lastEnd.toString());
        assertEquals(((Number) last.get("heldOutAccuracy")).doubleValue(), lastEnd.heldOutAccuracy(), 1e-6, lastEnd.toString());
        assertTrue(progress.stream().filter(e -> e.training() != null).allMatch(e -> e.stage().startsWith("fine-tuning: epoch")),
                "only the training's reports carry a record: " + progress);
    }

    @Test
    void aCheckpointIsWrittenOnlyByTheInstanceHoldingTheJobAndRestoredByTheNextRun() throws IOException {
        String parent = Registry.register(TestModels.mlp(8, 42), "restored");
        UUID job = UUID.randomUUID();
        Rows rows = new Rows(dataSource);
        rows.execute(HELD, job, parent, "{\"sparsity\": 0.5}", "first-instance");
        byte[] archive = zip("finetune/epoch-2.ckpt", "weights after epoch 2");

        assertFalse(jobs.saveCheckpoint(job, "other-instance", archive, 0.4, "epoch 2/5 done"), "not its job");
        assertEquals(0, rows.count("SELECT count(*) FROM job_checkpoints WHERE job_id = ?", job));
        assertTrue(jobs.saveCheckpoint(job, "first-instance", archive, 0.4, "epoch 2/5 done"));
        assertTrue(jobs.saveCheckpoint(job, "first-instance", archive, 0.4, "epoch 2/5 done"), "replaced, not added");
        assertEquals(1, rows.count("SELECT count(*) FROM job_checkpoints WHERE job_id = ?", job));

        rows.execute("UPDATE prune_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = ?", job);
        JsonPath finished = Jobs.awaitFinished(job.toString());
        assertEquals("SUCCEEDED", finished.getString("status"), finished.prettify());
        assertEquals(40.0, finished.getDouble("resumedFrom.percent"), 1e-9);
        assertEquals("epoch 2/5 done", finished.getString("resumedFrom.stage"));
        assertEquals("first-instance", finished.getString("resumedFrom.savedBy"));
        assertNotNull(finished.getString("resumedFrom.savedAt"));
        KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneProgressed.class, e -> e.jobId().equals(job.toString())
                && e.stage().equals("resumed from the checkpoint of: epoch 2/5 done") && Math.abs(e.percent() - 40) < 1e-9);
        assertEquals(0, rows.count("SELECT count(*) FROM job_checkpoints WHERE job_id = ?", job));
    }

    private static byte[] zip(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
