package io.cardeck.platform;

import static io.cardeck.platform.PlatformUnderTest.GATEWAY;
import static io.cardeck.platform.PlatformUnderTest.JSON;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.ServiceProcess;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway killed with SIGKILL while a prune request it accepted (202) is still in its outbox, its
 * PruneRequested not yet on Kafka: the gateway started again publishes it once, and the job runs once.
 */
class GatewayKillIT {

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.withEnvironment("gateway_kill",
            // The evaluations of the models made here are not what this test is about: keep them small.
            Map.of("CARDECK_EVALUATOR_SAMPLES_PER_CELL", "20"));

    /** From the kill to the event on the topic: a restart of the gateway on this loaded machine, then one relay round. */
    private static final Duration PUBLISHED = Duration.ofMinutes(3);
    private static final Duration JOB = Duration.ofMinutes(3);

    @Test
    void anAcceptedRequestStillInTheOutboxIsPublishedOnceByTheGatewayStartedAgainAndRunsOnce() throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        String parent = PLATFORM.uploadLenet("lenet5-gateway-kill");
        // The gateway again, with a relay that publishes once at startup and then not for an hour: what it
        // accepts from now on stays in its outbox until the kill.
        platform.service(GATEWAY).stop(Duration.ofSeconds(30));
        platform.restart(GATEWAY, Map.of("CARDECK_OUTBOX_INTERVAL", "1h"));

        String job = PLATFORM.requestPruning(parent, "magnitude", Map.of("sparsity", 0.5));
        List<Map<String, Object>> outbox = outboxRows(job);
        assertEquals(1, outbox.size(), "the accepted request's event is in the gateway's outbox: " + outbox);
        assertNull(outbox.get(0).get("sent_at"), "and not relayed yet: " + outbox);
        assertTrue(requested(job).isEmpty(), "nothing on " + Topics.PRUNE_REQUESTS + " yet");

        ServiceProcess killed = platform.service(GATEWAY);
        long kill = System.nanoTime();
        killed.kill();
        platform.restart(GATEWAY);
        Duration restart = Duration.ofNanos(System.nanoTime() - kill);
        List<PruneRequested> published = await("the PruneRequested of job " + job + " on " + Topics.PRUNE_REQUESTS)
                .atMost(PUBLISHED).pollInterval(Duration.ofMillis(250))
                .until(() -> requested(job), events -> !events.isEmpty());
        System.out.printf("GatewayKillIT: the gateway was ready again %.1f s after the kill; the event was on the topic"
                + " %.1f s after the kill%n", restart.toMillis() / 1e3, (System.nanoTime() - kill) / 1e9);

        String status = await("prune job " + job + " to end").atMost(JOB).pollInterval(Duration.ofSeconds(1))
                .until(() -> JSON.readTree(PLATFORM.get("/api/prune-jobs/" + job).body()).path("status").asText(),
                        s -> !s.equals("PENDING") && !s.equals("RUNNING"));
        assertEquals("SUCCEEDED", status);

        // Once: one event on the topic, one job row started once, one result, one PruneSucceeded.
        assertEquals(1, requested(job).size(), "published once: " + requested(job));
        assertNotNull(outboxRows(job).get(0).get("sent_at"), "marked sent by the gateway started again");
        List<Map<String, Object>> jobs = PLATFORM.rows("SELECT status, attempts, result_model_id FROM pruner.prune_jobs WHERE id = ?",
                UUID.fromString(job));
        assertEquals(1, jobs.size(), jobs.toString());
        assertEquals("SUCCEEDED", jobs.get(0).get("status"));
        assertEquals(1, jobs.get(0).get("attempts"), "run once: " + jobs);
        assertEquals(List.of(Map.of("n", 1L)), PLATFORM.rows("SELECT count(*) AS n FROM pruner.models WHERE parent_id = ?",
                UUID.fromString(parent)), "one result model");
        assertEquals(List.of(Map.of("n", 1L)), PLATFORM.rows(
                "SELECT count(*) AS n FROM pruner.processed_events WHERE event_id = ?", published.get(0).eventId()));
        List<CardeckEvent> succeeded = PLATFORM.events(Topics.PRUNE_EVENTS).stream()
                .filter(e -> e instanceof PruneSucceeded s && s.jobId().equals(job)).toList();
        assertEquals(1, succeeded.size(), succeeded.toString());
    }

    private static List<Map<String, Object>> outboxRows(String job) {
        return PLATFORM.rows("SELECT event_id, sent_at FROM gateway.outbox WHERE topic = ? AND event_key = ?",
                Topics.PRUNE_REQUESTS, job);
    }

    private static List<PruneRequested> requested(String job) {
        return PLATFORM.events(Topics.PRUNE_REQUESTS).stream()
                .filter(e -> e instanceof PruneRequested r && r.jobId().equals(job)).map(PruneRequested.class::cast).toList();
    }
}
