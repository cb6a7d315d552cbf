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
import io.cardeck.events.TrainingRecord;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruner.repository.PruneJob.Lease;
import io.cardeck.pruner.service.JobSpec;
import io.cardeck.pruner.service.ModelRegistry;
import io.cardeck.pruner.service.PruneJobs;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Leases: jobs another instance holds, as rows written directly the way that instance leaves them,
 * and claims made at once by "instances" of this test. The service runs with a 6 s lease, a 1 s
 * heartbeat and one worker (application.properties, test profile).
 */
@QuarkusTest
class JobLeaseIT {

    /** As the service records a claimed job, with the state, attempts, age and lease another instance left. */
    private static final String HELD = "INSERT INTO prune_jobs (id, model_id, method, params, status, attempts, "
            + "lease_owner, lease_expires_at, created_at, updated_at) VALUES (?, ?, 'magnitude', CAST(? AS jsonb), ?, ?, ?, "
            + "now() + CAST(? AS interval), now() - CAST(? AS interval), now() - CAST(? AS interval))";
    private static final Duration LONG_LEASE = Duration.ofMinutes(5);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PruneJobs jobs;

    @Inject
    ModelRegistry registry;

    @Test
    void jobsLeftByAStoppedInstanceAreClaimedOnceTheirLeaseHasExpired() {
        String parent = Registry.register(TestModels.mlp(8, 21), "left-behind");
        UUID running = UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        Rows rows = new Rows(dataSource);
        rows.execute(HELD, running, parent, "{\"sparsity\": 0.5}", "RUNNING", 1, "stopped-instance", "-1 second",
                "1 hour", "1 hour");
        rows.execute(HELD, pending, parent, "{\"sparsity\": 0.25}", "PENDING", 0, null, null, "1 hour", "1 hour");

        JsonPath runningJob = Jobs.awaitFinished(running.toString());
        JsonPath pendingJob = Jobs.awaitFinished(pending.toString());
        assertEquals("SUCCEEDED", runningJob.getString("status"), runningJob.prettify());
        assertEquals("SUCCEEDED", pendingJob.getString("status"), pendingJob.prettify());
        assertEquals(2, runningJob.getInt("attempts"));
        assertEquals(1, pendingJob.getInt("attempts"));
        assertEquals(100.0, runningJob.getDouble("percent"));
        assertEquals("stored", runningJob.getString("stage"));
        assertNull(runningJob.get("resumedFrom"), "there was no checkpoint to resume from");
        assertEquals(0, rows.count("SELECT count(*) FROM prune_jobs WHERE id = ? AND lease_owner IS NOT NULL", running),
                "a finished job holds no lease");
        assertEquals(2, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)),
                "one result per job");

        PruneSucceeded succeeded = KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneSucceeded.class,
                e -> e.jobId().equals(running.toString()));
        assertEquals(runningJob.getString("resultModelId"), succeeded.resultModelId());
        List<String> stages = KafkaTopics.all(Topics.PRUNE_EVENTS, PruneProgressed.class).stream()
                .filter(e -> e.jobId().equals(running.toString())).map(PruneProgressed::stage).toList();
        assertEquals("restarted (attempt 2)", stages.get(0), stages.toString());
        assertEquals("stored", stages.get(stages.size() - 1), stages.toString());
    }

    @Test
    void aLiveLeaseIsNeverTakenHoweverLongTheJobHasRun() {
        String parent = Registry.register(TestModels.mlp(8, 22), "long-running");
        UUID job = UUID.randomUUID();
        Rows rows = new Rows(dataSource);
        // Running for ten hours on an instance that renews its lease: not abandoned.
        rows.execute(HELD, job, parent, "{\"sparsity\": 0.5}", "RUNNING", 1, "busy-instance", "1 hour", "10 hours",
                "10 hours");

        // A job requested after it is run while it is passed over, poll after poll.
        String later = UUID.randomUUID().toString();
        KafkaTopics.send(Jobs.request(later, parent, "magnitude", Map.of("sparsity", 0.3)));
        assertEquals("SUCCEEDED", Jobs.awaitFinished(later).getString("status"));
        sleep(Duration.ofSeconds(2));
        JsonPath untouched = Jobs.await(job.toString(), "readable", view -> true);
        assertEquals("RUNNING", untouched.getString("status"));
        assertEquals(1, untouched.getInt("attempts"));
        assertEquals(1, rows.count("SELECT count(*) FROM prune_jobs WHERE id = ? AND lease_owner = 'busy-instance'", job));

        // Its instance stops renewing: once the lease expires, the job is claimed and finished here.
        rows.execute("UPDATE prune_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = ?", job);
        JsonPath finished = Jobs.awaitFinished(job.toString());
        assertEquals("SUCCEEDED", finished.getString("status"), finished.prettify());
        assertEquals(2, finished.getInt("attempts"));
    }

    @Test
    void twoInstancesClaimingAtOnceNeverTakeTheSameJob() throws Exception {
        // Jobs of a model that does not exist: whichever of them the service's own worker takes fails at once.
        String missing = UUID.randomUUID().toString();
        Rows rows = new Rows(dataSource);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.execute(HELD, id, missing, "{\"sparsity\": 0.5}", "PENDING", 0, null, null, "0 seconds", "0 seconds");
        }
        ExecutorService instances = Executors.newFixedThreadPool(2);
        CountDownLatch together = new CountDownLatch(1);
        try {
            List<Future<List<UUID>>> claims = new ArrayList<>();
            for (String owner : List.of("instance-a", "instance-b")) {
                claims.add(instances.submit(() -> {
                    together.await();
                    List<UUID> claimed = new ArrayList<>();
                    Optional<JobSpec> job;
                    while ((job = jobs.claim(owner, LONG_LEASE)).isPresent()) {
                        claimed.add(job.get().id());
                    }
                    return claimed;
                }));
            }
            together.countDown();
            List<UUID> byA = claims.get(0).get();
            List<UUID> byB = claims.get(1).get();
            Set<UUID> both = new HashSet<>(byA);
            both.retainAll(byB);
            assertEquals(Set.of(), both, "a job claimed by both instances");
            for (UUID id : byA) {
                assertTrue(jobs.fail(id, "instance-a", "stopped by the test"));
            }
            for (UUID id : byB) {
                assertFalse(jobs.fail(id, "instance-a", "not instance-a's job"), "only the lease holder moves a job");
                assertTrue(jobs.fail(id, "instance-b", "stopped by the test"));
            }
        } finally {
            instances.shutdownNow();
        }
        for (UUID id : ids) {
            JsonPath job = Jobs.awaitFinished(id.toString());
            assertEquals("FAILED", job.getString("status"));
            assertEquals(1, job.getInt("attempts"), "claimed once, by one of the three instances: " + job.prettify());
        }
    }

    @Test
    void progressRenewsTheLeaseOfItsHolderOnly() {
        String parent = Registry.register(TestModels.mlp(8, 25), "progressing");
        UUID job = UUID.randomUUID();
        Rows rows = new Rows(dataSource);
        rows.execute(HELD, job, parent, "{\"sparsity\": 0.5}", "RUNNING", 1, "working-instance", "5 seconds", "0 seconds",
                "0 seconds");

        TrainingRecord training = TrainingRecord.epochEnd("fine-tuning", null, 2, 4, 0.42, 0.86, 0.88);
        assertEquals(Lease.HELD, jobs.progress(job, "working-instance", Duration.ofHours(1), 0.5, "epoch 2/4 done", training));
        assertEquals(1, rows.count("SELECT count(*) FROM prune_jobs WHERE id = ? AND lease_expires_at > now() + interval "
                + "'59 minutes'", job), "the report renewed the lease");
        JsonPath view = Jobs.await(job.toString(), "readable", v -> true);
        assertEquals(50.0, view.getDouble("percent"));
        assertEquals("epoch 2/4 done", view.getString("stage"));
        KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneProgressed.class,
                e -> e.jobId().equals(job.toString()) && e.percent() == 50 && e.stage().equals("epoch 2/4 done")
                        && training.equals(e.training()));

        assertEquals(Lease.LOST, jobs.progress(job, "another-instance", Duration.ofHours(2), 0.9, "not mine", null));
        assertEquals(Lease.LOST, jobs.renew(job, "another-instance", Duration.ofHours(2)));
        assertEquals(50.0, Jobs.await(job.toString(), "readable", v -> true).getDouble("percent"));
        assertTrue(jobs.fail(job, "working-instance", "stopped by the test"));
        assertEquals(Lease.LOST, jobs.renew(job, "working-instance", Duration.ofHours(1)), "a finished job is held by none");
    }

    @Test
    void completingTheSameJobTwiceAtOnceAndAgainLaterStoresOneModel() throws Exception {
        String parent = Registry.register(TestModels.mlp(8, 23), "completed-twice");
        UUID job = UUID.randomUUID();
        String owner = "finishing-instance";
        new Rows(dataSource).execute(HELD, job, parent, "{\"sparsity\": 0.5}", "RUNNING", 1, owner, "1 hour", "0 seconds",
                "0 seconds");
        ModelRegistry.StoredModel stored = registry.load(parent);
        PruningResult result = PruningMethods.run(OnnxModel.parse(stored.onnx(), "parent"), "magnitude",
                Map.of("sparsity", 0.5), PruningContext.builder().parentModelId(parent).build());

        // Two runs of the job (say, a thread that believed it held the job, and its holder) finish at the same moment.
        ExecutorService runs = Executors.newFixedThreadPool(2);
        CountDownLatch together = new CountDownLatch(1);
        Callable<Optional<UUID>> complete = () -> {
            together.await();
            return jobs.succeed(job, owner, stored.model(), result);
        };
        try {
            Future<Optional<UUID>> first = runs.submit(complete);
            Future<Optional<UUID>> second = runs.submit(complete);
            together.countDown();
            List<Optional<UUID>> outcomes = List.of(first.get(), second.get());
            assertEquals(1, outcomes.stream().filter(Optional::isPresent).count(), outcomes.toString());
            UUID resultId = outcomes.stream().flatMap(Optional::stream).findFirst().orElseThrow();

            assertEquals(Optional.empty(), jobs.succeed(job, owner, stored.model(), result), "a third, later completion");
            assertFalse(jobs.fail(job, owner, "a late failure"), "a finished job stays finished");

            Rows rows = new Rows(dataSource);
            assertEquals(1, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)));
            assertEquals(1, rows.count("SELECT count(*) FROM model_artifacts WHERE model_id = ?", resultId));
            JsonPath finished = Jobs.awaitFinished(job.toString());
            assertEquals("SUCCEEDED", finished.getString("status"));
            assertEquals(resultId.toString(), finished.getString("resultModelId"));
            assertNull(finished.get("error"));
        } finally {
            runs.shutdownNow();
        }
    }

    @Test
    void aJobStartedTooOftenIsFailedForGood() {
        String parent = Registry.register(TestModels.mlp(8, 24), "never-finishes");
        UUID job = UUID.randomUUID();
        // Started as often as the limit allows (3), and its instance stopped each time.
        new Rows(dataSource).execute(HELD, job, parent, "{\"sparsity\": 0.5}", "RUNNING", 3, "stopped-instance",
                "-1 second", "1 hour", "1 hour");

        JsonPath finished = Jobs.awaitFinished(job.toString());
        assertEquals("FAILED", finished.getString("status"));
        assertTrue(finished.getString("error").contains("started 3 times and never finished"), finished.getString("error"));
        PruneFailed failed = KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneFailed.class, e -> e.jobId().equals(job.toString()));
        assertEquals(finished.getString("error"), failed.error());
        assertEquals(0, new Rows(dataSource).count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
