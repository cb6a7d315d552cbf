package io.cardeck.pruner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cardeck.events.PruneFailed;
import io.cardeck.events.PruneProgressed;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.events.Topics;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruner.service.JobSpec;
import io.cardeck.pruner.service.ModelRegistry;
import io.cardeck.pruner.service.PruneJobRunner;
import io.cardeck.pruner.service.PruneJobs;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Jobs an instance left unfinished, as a killed instance leaves them (rows written directly), and
 * results stored once however often a job is completed.
 */
@QuarkusTest
class JobRecoveryIT {

    /** As the service inserts a job, with the state, attempts and age a stopped instance left. */
    private static final String LEFT_BEHIND = "INSERT INTO prune_jobs (id, model_id, method, params, status, attempts, "
            + "created_at, updated_at) VALUES (?, ?, 'magnitude', CAST(? AS jsonb), ?, ?, now() - CAST(? AS interval), "
            + "now() - CAST(? AS interval))";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PruneJobs jobs;

    @Inject
    PruneJobRunner runner;

    @Inject
    ModelRegistry registry;

    @Test
    void jobsLeftRunningOrPendingByACrashedInstanceAreFinishedOnceByTheSweep() {
        String parent = Registry.register(TestModels.mlp(8, 21), "left-behind");
        UUID running = UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        Rows rows = new Rows(dataSource);
        // The test profile takes jobs older than 10 minutes as abandoned.
        rows.execute(LEFT_BEHIND, running, parent, "{\"sparsity\": 0.5}", "RUNNING", 1, "1 hour", "1 hour");
        rows.execute(LEFT_BEHIND, pending, parent, "{\"sparsity\": 0.25}", "PENDING", 0, "1 hour", "1 hour");

        JsonPath runningJob = Jobs.awaitFinished(running.toString());
        JsonPath pendingJob = Jobs.awaitFinished(pending.toString());
        assertEquals("SUCCEEDED", runningJob.getString("status"), runningJob.prettify());
        assertEquals("SUCCEEDED", pendingJob.getString("status"), pendingJob.prettify());
        assertEquals(2, rows.count("SELECT attempts FROM prune_jobs WHERE id = ?", running));
        assertEquals(1, rows.count("SELECT attempts FROM prune_jobs WHERE id = ?", pending));
        assertEquals(2, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)),
                "one result per job");

        PruneSucceeded succeeded = KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneSucceeded.class,
                e -> e.jobId().equals(running.toString()));
        assertEquals(runningJob.getString("resultModelId"), succeeded.resultModelId());
        List<String> stages = KafkaTopics.all(Topics.PRUNE_EVENTS, PruneProgressed.class).stream()
                .filter(e -> e.jobId().equals(running.toString())).map(PruneProgressed::stage).toList();
        assertEquals(List.of("restarted (attempt 2)", "stored"), stages);
    }

    @Test
    void aJobAnotherInstanceIsTakingOverIsSkippedNotTakenTwice() throws Exception {
        String parent = Registry.register(TestModels.mlp(8, 22), "contended");
        UUID job = UUID.randomUUID();
        // Idle for a minute: abandoned for a 30 s limit, not for the sweep's 10 minutes.
        new Rows(dataSource).execute(LEFT_BEHIND, job, parent, "{\"sparsity\": 0.5}", "RUNNING", 1, "1 minute", "1 minute");
        Duration limit = Duration.ofSeconds(30);

        try (Connection otherInstance = dataSource.getConnection()) {
            otherInstance.setAutoCommit(false);
            try (PreparedStatement lock = Rows.prepare(otherInstance, "SELECT id FROM prune_jobs WHERE id = ? FOR UPDATE", job);
                 ResultSet locked = lock.executeQuery()) {
                assertTrue(locked.next());
            }
            Optional<JobSpec> whileLocked = jobs.claimAbandoned(limit);
            assertFalse(whileLocked.map(JobSpec::id).filter(job::equals).isPresent(), "a locked job is passed over");
            otherInstance.rollback();
        }

        JobSpec claimed = jobs.claimAbandoned(limit).orElseThrow();
        assertEquals(job, claimed.id());
        assertEquals(2, claimed.attempts());
        assertFalse(jobs.claimAbandoned(limit).map(JobSpec::id).filter(job::equals).isPresent(),
                "a claimed job is fresh again");
        runner.resume(claimed);
        assertEquals("SUCCEEDED", Jobs.awaitFinished(job.toString()).getString("status"));
    }

    @Test
    void completingTheSameJobTwiceAtOnceAndAgainLaterStoresOneModel() throws Exception {
        String parent = Registry.register(TestModels.mlp(8, 23), "completed-twice");
        UUID job = UUID.randomUUID();
        new Rows(dataSource).execute(LEFT_BEHIND, job, parent, "{\"sparsity\": 0.5}", "RUNNING", 1, "0 seconds", "0 seconds");
        ModelRegistry.StoredModel stored = registry.load(parent);
        PruningResult result = PruningMethods.run(OnnxModel.parse(stored.onnx(), "parent"), "magnitude",
                Map.of("sparsity", 0.5), PruningContext.builder().parentModelId(parent).build());

        // Two runs of the job (a slow instance and the one that took it over) finish at the same moment.
        ExecutorService instances = Executors.newFixedThreadPool(2);
        CountDownLatch together = new CountDownLatch(1);
        Callable<Optional<UUID>> complete = () -> {
            together.await();
            return jobs.succeed(job, stored.model(), result);
        };
        try {
            Future<Optional<UUID>> first = instances.submit(complete);
            Future<Optional<UUID>> second = instances.submit(complete);
            together.countDown();
            List<Optional<UUID>> outcomes = List.of(first.get(), second.get());
            assertEquals(1, outcomes.stream().filter(Optional::isPresent).count(), outcomes.toString());
            UUID resultId = outcomes.stream().flatMap(Optional::stream).findFirst().orElseThrow();

            assertEquals(Optional.empty(), jobs.succeed(job, stored.model(), result), "a third, later completion");
            assertFalse(jobs.fail(job, "a late failure"), "a finished job stays finished");

            Rows rows = new Rows(dataSource);
            assertEquals(1, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)));
            assertEquals(1, rows.count("SELECT count(*) FROM model_artifacts WHERE model_id = ?", resultId));
            JsonPath finished = Jobs.awaitFinished(job.toString());
            assertEquals("SUCCEEDED", finished.getString("status"));
            assertEquals(resultId.toString(), finished.getString("resultModelId"));
            assertNull(finished.get("error"));
        } finally {
            instances.shutdownNow();
        }
    }

    @Test
    void aJobStartedTooOftenIsFailedForGood() {
        String parent = Registry.register(TestModels.mlp(8, 24), "never-finishes");
        UUID job = UUID.randomUUID();
        // Started as often as the limit allows (3), and its instance stopped each time.
        new Rows(dataSource).execute(LEFT_BEHIND, job, parent, "{\"sparsity\": 0.5}", "RUNNING", 3, "1 hour", "1 hour");

        JsonPath finished = Jobs.awaitFinished(job.toString());
        assertEquals("FAILED", finished.getString("status"));
        assertTrue(finished.getString("error").contains("started 3 times and never finished"), finished.getString("error"));
        PruneFailed failed = KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneFailed.class, e -> e.jobId().equals(job.toString()));
        assertEquals(finished.getString("error"), failed.error());
        assertEquals(0, new Rows(dataSource).count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)));
    }
}
