package io.cardeck.platform;

import static io.cardeck.platform.PlatformUnderTest.GATEWAY;
import static io.cardeck.platform.PlatformUnderTest.JSON;
import static io.cardeck.platform.PlatformUnderTest.PRUNER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.ServiceProcess;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.events.Topics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker killed with SIGKILL and started again in place (its ports and data) while prune
 * requests arrive: the gateway accepts them (202: the outbox holds their events), readiness reports
 * Kafka DOWN, each relay round ends within the send timeout, and every event is published within
 * 10 s of the broker's return, once; each job then runs once.
 */
class BrokerRestartIT {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.withEnvironment("broker_restart", Map.of(
            "CARDECK_OUTBOX_SEND_TIMEOUT", SEND_TIMEOUT.toSeconds() + "s",
            // The evaluations of the models made here are not what this test is about: keep them small.
            "CARDECK_EVALUATOR_SAMPLES_PER_CELL", "20"));

    /** The outage lasts this long at least: several relay rounds give up meanwhile. */
    private static final Duration OUTAGE = SEND_TIMEOUT.multipliedBy(4);
    /** A relay round, at most: the send timeout, the producer's expiry lag (2 s) and a loaded machine's second. */
    private static final Duration ROUND = SEND_TIMEOUT.plusSeconds(3);
    private static final Duration PUBLISHED = Duration.ofSeconds(10);
    private static final Duration JOB = Duration.ofMinutes(3);
    private static final Pattern FAILED_ROUND = Pattern.compile("outbox relay round failed after (\\d+) ms");

    @Test
    void requestsDuringTheOutageAreAcceptedAndPublishedOnceWithinTenSecondsOfTheBrokersReturn() throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        String parent = PLATFORM.uploadLenet("lenet5-broker-restart");
        // One job through the whole platform first: every relay and consumer has met the broker.
        String before = PLATFORM.requestPruning(parent, "magnitude", Map.of("sparsity", 0.5));
        assertEquals("SUCCEEDED", awaitEnd(before));
        ServiceProcess gateway = platform.service(GATEWAY);
        int logBefore = PlatformUnderTest.log(gateway).size();

        long kill = System.nanoTime();
        platform.killBroker();
        JsonNode down = await("the gateway's readiness to say the broker is gone").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> readiness(gateway), health -> health.path("status").asText().equals("DOWN"));
        System.out.printf("BrokerRestartIT: readiness DOWN %.1f s after the kill: %s%n", (System.nanoTime() - kill) / 1e9, down);
        assertTrue(downChecks(down).stream().allMatch(name -> name.toLowerCase().contains("kafka")
                || name.toLowerCase().contains("messaging")), "only Kafka's checks are DOWN: " + down);
        assertEquals(200, health(gateway, "/q/health/live").statusCode(), "the gateway is still live");

        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            jobs.add(PLATFORM.requestPruning(parent, "magnitude", Map.of("sparsity", 0.6 + 0.1 * i)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "202 while the broker is down took " + took);
        }
        for (String job : jobs) {
            List<Map<String, Object>> outbox = PLATFORM.rows(
                    "SELECT sent_at FROM gateway.outbox WHERE topic = ? AND event_key = ?", Topics.PRUNE_REQUESTS, job);
            assertEquals(1, outbox.size(), outbox.toString());
            assertNull(outbox.get(0).get("sent_at"), "held in the outbox: " + outbox);
        }
        long left = OUTAGE.toNanos() - (System.nanoTime() - kill);
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
        assertEquals("DOWN", readiness(gateway).path("status").asText(), "still DOWN while the broker is gone");
        assertEquals("DOWN", readiness(platform.service(PRUNER)).path("status").asText(), "the pruner-service too");
        List<Duration> rounds = failedRounds(PlatformUnderTest.log(gateway).subList(logBefore, PlatformUnderTest.log(gateway).size()));
        assertTrue(rounds.size() >= 2, "relay rounds gave up while the broker was gone: " + rounds);
        assertTrue(rounds.stream().allMatch(round -> round.compareTo(ROUND) <= 0), "each within " + ROUND + ": " + rounds);

        platform.restartBroker();
        long back = System.nanoTime();
        System.out.printf("BrokerRestartIT: the broker was down %.1f s; %d relay rounds gave up meanwhile, the longest after %d ms%n",
                (back - kill) / 1e9, rounds.size(), rounds.stream().mapToLong(Duration::toMillis).max().orElse(0));
        await("the three PruneRequested on " + Topics.PRUNE_REQUESTS + " after the broker's return").atMost(PUBLISHED)
                .pollInterval(Duration.ofMillis(250)).until(() -> jobs.stream().allMatch(job -> !requested(job).isEmpty()));
        System.out.printf("BrokerRestartIT: all three published %.1f s after the broker answered again%n",
                (System.nanoTime() - back) / 1e9);
        await("the gateway's readiness to say the broker is back").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> readiness(gateway).path("status").asText().equals("UP"));
        System.out.printf("BrokerRestartIT: readiness UP %.1f s after the broker answered again%n", (System.nanoTime() - back) / 1e9);

        for (String job : jobs) {
            assertEquals("SUCCEEDED", awaitEnd(job), job);
            assertEquals(1, requested(job).size(), "published once: " + requested(job));
            List<Map<String, Object>> rows = PLATFORM.rows("SELECT status, attempts FROM pruner.prune_jobs WHERE id = ?",
                    UUID.fromString(job));
            assertEquals(List.of(Map.of("status", "SUCCEEDED", "attempts", 1)), rows, "one job, run once");
            assertEquals(1, PLATFORM.events(Topics.PRUNE_EVENTS).stream()
                    .filter(e -> e instanceof PruneSucceeded s && s.jobId().equals(job)).count(), "one PruneSucceeded");
        }
        assertEquals(List.of(Map.of("n", 4L)), PLATFORM.rows("SELECT count(*) AS n FROM pruner.models WHERE parent_id = ?",
                UUID.fromString(parent)), "one result model per job");
    }

    private static String awaitEnd(String job) {
        return await("prune job " + job + " to end").atMost(JOB).pollInterval(Duration.ofSeconds(1))
                .until(() -> JSON.readTree(PLATFORM.get("/api/prune-jobs/" + job).body()).path("status").asText(),
                        s -> !s.equals("PENDING") && !s.equals("RUNNING"));
    }

    private static List<PruneRequested> requested(String job) {
        return PLATFORM.events(Topics.PRUNE_REQUESTS).stream()
                .filter(e -> e instanceof PruneRequested r && r.jobId().equals(job)).map(PruneRequested.class::cast).toList();
    }

    private static JsonNode readiness(ServiceProcess service) throws Exception {
        return JSON.readTree(health(service, "/q/health/ready").body());
    }

    private static HttpResponse<String> health(ServiceProcess service, String path) throws Exception {
        return PlatformUnderTest.send(HttpRequest.newBuilder(URI.create(service.url() + path)).timeout(Duration.ofSeconds(30)).GET());
    }

    private static List<String> downChecks(JsonNode health) {
        return StreamSupport.stream(health.path("checks").spliterator(), false)
                .filter(check -> check.path("status").asText().equals("DOWN"))
                .map(check -> check.path("name").asText()).toList();
    }

    /** How long each relay round that gave up took, as the relay logged it. */
    private static List<Duration> failedRounds(List<String> log) {
        List<Duration> rounds = new ArrayList<>();
        for (String line : log) {
            Matcher failed = FAILED_ROUND.matcher(line);
            if (failed.find()) {
                rounds.add(Duration.ofMillis(Long.parseLong(failed.group(1))));
            }
        }
        return rounds;
    }
}
