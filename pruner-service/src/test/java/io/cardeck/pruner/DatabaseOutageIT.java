package io.cardeck.pruner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.cardeck.devstack.DatabaseCut;
import io.cardeck.devstack.TcpProxy;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable while a prune request arrives or a job runs: the service reaches the database
 * through a {@link TcpProxy} (the tests' shared resource, {@code Infrastructure}) that the test cuts
 * (every connection closed, new ones closed at once) and restores ({@link DatabaseCut}); the machine's
 * PostgreSQL is never touched.
 */
@QuarkusTest
class DatabaseOutageIT {

    /** Within the 10-30 s an outage of issue 13 lasts, and longer than the first four backoff delays together. */
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    TcpProxy database;

    @Inject
    AgroalDataSource dataSource;

    /**
     * The job fine-tunes when the database goes: its progress reports and its epoch's checkpoint cannot be
     * written, its lease runs out meanwhile, and its one epoch ends (a few seconds here) before the database is
     * back, so its result meets the outage. The result is stored once the database is back: SUCCEEDED after one
     * attempt (the one worker waits with the result; a dropped result would be computed again, attempt 2), one
     * result model, one announcement.
     */
    @Test
    void aPruneJobRunningWhenTheDatabaseGoesEndsSucceededOnceWithOneResult() {
        String parent = Registry.register(TestModels.mlp(16, 41), "outage-running");
        String jobId = UUID.randomUUID().toString();
        KafkaTopics.send(Jobs.request(jobId, parent, "magnitude", Map.of("sparsity", 0.5,
                "recovery", Map.of("finetune", Map.of("epochs", 1, "batchSize", 256)))));
        Jobs.await(jobId, "fine-tuning", Eventually.TRAINING, view -> "RUNNING".equals(view.getString("status"))
                && view.getString("stage") != null && view.getString("stage").startsWith("fine-tuning"));

        DatabaseCut.during(database, OUTAGE, () -> { });

        JsonPath job = Jobs.awaitFinished(jobId, Eventually.TRAINING);
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        Rows rows = new Rows(dataSource);
        assertEquals(1, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)),
                "one result model");
        KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneSucceeded.class, e -> e.jobId().equals(jobId));
        assertEquals(1, KafkaTopics.all(Topics.PRUNE_EVENTS, PruneSucceeded.class).stream()
                .filter(e -> e.jobId().equals(jobId)).count(), "announced once");
        assertEquals(1, job.getInt("attempts"), "its result was stored, not computed again");
    }

    @Test
    void aPruneRequestThatArrivesWhileTheDatabaseIsDownIsCarriedOutOnceItIsBackNotDeadLettered() {
        String parent = Registry.register(TestModels.mlp(8, 21), "outage-parent");
        String jobId = UUID.randomUUID().toString();

        DatabaseCut.during(database, OUTAGE,
                () -> KafkaTopics.send(Jobs.request(jobId, parent, "magnitude", Map.of("sparsity", 0.5))));

        JsonPath job = Jobs.awaitFinished(jobId);
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(1, job.getInt("attempts"), "the job ran once");
        Rows rows = new Rows(dataSource);
        assertEquals(1, rows.count("SELECT count(*) FROM prune_jobs WHERE id = ?", UUID.fromString(jobId)));
        assertEquals(1, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)),
                "one result model");
        KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneSucceeded.class, e -> e.jobId().equals(jobId));
        assertEquals(1, KafkaTopics.all(Topics.PRUNE_EVENTS, PruneSucceeded.class).stream()
                .filter(e -> e.jobId().equals(jobId)).count(), "announced once");
        // Other tests' poison is on the dead-letter topic too; this request's key is not.
        assertEquals(List.of(), KafkaTopics.records(Topics.deadLetter(Topics.PRUNE_REQUESTS)).stream()
                .filter(record -> jobId.equals(record.key())).toList(), "nothing was dead-lettered");
    }
}
