package io.cardeck.platform;

import static io.cardeck.platform.PlatformUnderTest.JSON;
import static io.cardeck.platform.PlatformUnderTest.PRUNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.cli.CardeckCommand;
import io.cardeck.devstack.EventStream;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LoopbackPorts;
import io.cardeck.devstack.ServiceProcess;
import io.cardeck.onnx.ModelDigest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Long prune jobs survive their pruner: the packaged services, a real broker and PostgreSQL; a
 * fine-tuning job of several epochs on LeNet-5; the pruner-service killed with SIGKILL after the
 * job's first epoch checkpoint. Once the dead instance's lease expires, the job is resumed from its
 * last checkpoint (not from scratch) by the pruner started again, or by a second instance while the
 * first stays down, and it ends SUCCEEDED once, with one result model. Stopped with SIGTERM instead, an
 * instance hands its job back at once: the other claims it at its next poll, not a lease later.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrunerKillIT {

    /** A killed instance's job is claimed again this long after its last renewal. */
    private static final Duration LEASE = Duration.ofSeconds(20);
    /** Four epochs over Fashion-MNIST's training split on a machine shared with other work. */
    private static final Duration TRAINING = Duration.ofMinutes(25);
    /** Enough that the kill, after the first epoch, still finds the job running. */
    private static final int EPOCHS = 4;
    /**
     * After the second epoch starts, the takeover test starts a second instance and waits out a lease
     * before it kills the first: the job must still be training then. This much, with room to spare.
     */
    private static final Duration TAKEOVER = Duration.ofSeconds(90).plus(LEASE);
    /** How long an epoch took in the first test; the takeover test sizes its job by it (fast machines train fast). */
    private static Duration epochDuration = Duration.ofSeconds(5);

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.withEnvironment("kill", Map.of(
            "CARDECK_PRUNER_JOBS_LEASE", LEASE.toSeconds() + "s",
            "CARDECK_PRUNER_JOBS_HEARTBEAT", "5s",
            "CARDECK_PRUNER_JOBS_PROGRESS_INTERVAL", "1s",
            // The evaluations of the models made here are not what this test is about: keep them small.
            "CARDECK_EVALUATOR_SAMPLES_PER_CELL", "20",
            // One PyTorch thread: on a shared machine more threads wait on each other.
            "JAVA_TOOL_OPTIONS", "-Dai.djl.pytorch.num_threads=1"));

    private static LocalPlatform platform;
    private static String gateway;
    private static String parentId;

    @BeforeAll
    static void uploadTheParent() throws Exception {
        platform = PLATFORM.platform();
        gateway = platform.service("gateway").url();
        parentId = PLATFORM.uploadLenet("lenet5-kill");
    }

    @Test
    @Order(1)
    void aKilledPrunerResumesTheJobFromItsCheckpointWhenItComesBack() throws Exception {
        List<String> resultsBefore = results(platform.service(PRUNER));
        String job = requestFinetuning(EPOCHS);
        try (EventStream events = new EventStream(PlatformUnderTest.HTTP, platform.gatewayRequest("/api/events?jobId=" + job))) {
            EventStream.Event second = awaitEpoch(events, job, 2, EPOCHS);
            EventStream.Event first = events.await(e -> "PruneProgressed".equals(e.type())
                    && e.data().get("stage").asText().startsWith("fine-tuning: epoch 1/" + EPOCHS), Duration.ZERO);
            epochDuration = Duration.between(first.receivedAt(), second.receivedAt());
            ServiceProcess killed = platform.service(PRUNER);
            killed.kill();
            ServiceProcess restarted = platform.restart(PRUNER);

            JsonNode finished = awaitSucceeded(events, job, restarted);
            assertResumedAfterTheFirstEpoch(events, finished, killed, restarted, resultsBefore, EPOCHS);
        }
    }

    @Test
    @Order(2)
    void theCommandLineRunsAJobOnThePlatformAndFollowsItToItsEnd() throws Exception {
        Path out = PLATFORM.home().resolve("cli-magnitude.onnx");
        CommandRun succeeded = cardeck("prune", "--gateway", gateway, "--api-key", platform.adminKey(), "--model", parentId,
                "--method", "magnitude", "--param", "sparsity=0.7", "--param", "allocation.type=uniform", "--out", out.toString(), "--json");
        assertEquals(0, succeeded.status(), succeeded.err());
        JsonNode report = JSON.readTree(succeeded.out());
        assertEquals("SUCCEEDED", report.get("status").asText(), succeeded.out());
        String resultId = report.get("resultModelId").asText();
        assertEquals(JSON.readTree(PLATFORM.get("/api/models/" + resultId).body()).get("sha256").asText(),
                ModelDigest.sha256(Files.readAllBytes(out)), "the result, downloaded");

        // A request that does not fit the model is refused by the platform before any job exists.
        CommandRun refused = cardeck("prune", "--gateway", gateway, "--api-key", platform.adminKey(), "--model", parentId,
                "--method", "magnitude", "--param", "sparsity=0.5", "--param", "keepDense=[\"conv9\"]");
        assertEquals(1, refused.status(), refused.out());
        assertTrue(refused.err().contains("answered 400") && refused.err().contains("keepDense names no layer: 'conv9'"),
                refused.err());

        // A job that ends otherwise than SUCCEEDED (here cancelled while it runs) exits with status 1.
        StringWriter err = new StringWriter();
        CommandLine commandLine = CardeckCommand.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));
        CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> commandLine.execute("prune", "--gateway",
                gateway, "--api-key", platform.adminKey(), "--model", parentId, "--method", "magnitude",
                "--param", "sparsity=0.5", "--param", "recovery.finetune.epochs=20"));
        Matcher accepted = Pattern.compile("prune job (\\S+) accepted").matcher("");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!accepted.reset(err.toString()).find()) {
            assertTrue(System.nanoTime() < deadline && !following.isDone(), "the command did not start a job: " + err);
            Thread.sleep(200);
        }
        HttpResponse<String> cancelled = PlatformUnderTest.send(platform.gatewayRequest("/api/prune-jobs/"
                + accepted.group(1) + "/cancel").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertEquals(1, following.get(5, TimeUnit.MINUTES), err.toString());
        assertTrue(err.toString().contains("ended CANCELLED"), err.toString());
    }

    @Test
    @Order(3)
    void aSecondInstanceTakesTheJobOverWhileTheFirstStaysDown() throws Exception {
        List<String> resultsBefore = results(platform.service(PRUNER));
        int epochs = (int) Math.min(100, Math.max(EPOCHS, 2 + TAKEOVER.toMillis() / Math.max(1, epochDuration.toMillis()) + 1));
        String job = requestFinetuning(epochs);
        try (EventStream events = new EventStream(PlatformUnderTest.HTTP, platform.gatewayRequest("/api/events?jobId=" + job))) {
            awaitEpoch(events, job, 2, epochs);
            ServiceProcess first = platform.service(PRUNER);
            ServiceProcess second = platform.startAnotherInstance(PRUNER, LoopbackPorts.free());
            // The job's lease is alive: the second instance leaves it to the first, poll after poll, for longer
            // than a lease lasts without renewal.
            Thread.sleep(LEASE.plusSeconds(5).toMillis());
            JsonNode running = job(second, job);
            assertEquals("RUNNING", running.get("status").asText(), running.toString());
            assertEquals(1, running.get("attempts").asInt(), "a live lease is not taken over: " + running);

            first.kill();
            JsonNode finished = awaitSucceeded(events, job, second);
            assertResumedAfterTheFirstEpoch(events, finished, first, second, resultsBefore, epochs);
            assertTrue(!first.isAlive(), "the first instance stayed down");
        }
    }

    @Test
    @Order(4)
    void aStoppedPrunerHandsItsJobBackAtOnce() throws Exception {
        // The gateway reaches the pruner-service at its first address; the takeover test left another instance running.
        ServiceProcess left = platform.service(PRUNER);
        if (left.isAlive()) {
            left.stop(Duration.ofSeconds(30));
        }
        platform.restart(PRUNER);
        List<String> resultsBefore = results(platform.service(PRUNER));
        // Stopped as soon as the second epoch starts: the two after it keep the job running meanwhile.
        int epochs = EPOCHS;
        String job = requestFinetuning(epochs);
        try (EventStream events = new EventStream(PlatformUnderTest.HTTP, platform.gatewayRequest("/api/events?jobId=" + job))) {
            awaitEpoch(events, job, 2, epochs);
            ServiceProcess first = platform.service(PRUNER);
            ServiceProcess second = platform.startAnotherInstance(PRUNER, LoopbackPorts.free());
            assertEquals(1, job(second, job).get("attempts").asInt());

            // SIGTERM, as an orchestrator stops a pod: the run stops, keeps its checkpoint and releases its lease,
            // so the other instance claims the job at its next poll instead of a lease later.
            long stopped = System.nanoTime();
            assertEquals(143, first.stop(Duration.ofSeconds(30)), "a clean shutdown; see " + first.logFile());
            JsonNode claimed = job(second, job);
            while (claimed.get("attempts").asInt() < 2) {
                assertTrue(System.nanoTime() - stopped < LEASE.toNanos(), "not claimed again within a lease: " + claimed);
                Thread.sleep(200);
                claimed = job(second, job);
            }
            Duration handedBack = Duration.ofNanos(System.nanoTime() - stopped);
            assertTrue(handedBack.compareTo(LEASE.dividedBy(2)) < 0,
                    "claimed " + handedBack.toMillis() + " ms after SIGTERM: the lease was released, not left to expire");

            JsonNode finished = awaitSucceeded(events, job, second);
            assertResumedAfterTheFirstEpoch(events, finished, first, second, resultsBefore, epochs);
        }
    }

    record CommandRun(int status, String out, String err) {}

    private static CommandRun cardeck(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CardeckCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute(args);
        return new CommandRun(status, out.toString(), err.toString());
    }

    private static String requestFinetuning(int epochs) throws IOException, InterruptedException {
        return PLATFORM.requestPruning(parentId, "magnitude",
                Map.of("sparsity", 0.5, "recovery", Map.of("finetune", Map.of("epochs", epochs))));
    }

    /**
     * Waits for progress within an epoch. The previous epoch's checkpoint is saved before the next
     * epoch trains, so from then on the database holds it.
     */
    private static EventStream.Event awaitEpoch(EventStream events, String job, int epoch, int epochs)
            throws InterruptedException {
        return events.await(e -> isEpochProgress(e, job, epoch, epochs), TRAINING);
    }

    private static boolean isEpochProgress(EventStream.Event event, String job, int epoch, int epochs) {
        return "PruneProgressed".equals(event.type()) && job.equals(event.data().get("jobId").asText())
                && event.data().get("stage").asText().startsWith("fine-tuning: epoch " + epoch + "/" + epochs + ",");
    }

    private static JsonNode awaitSucceeded(EventStream events, String job, ServiceProcess pruner) throws Exception {
        events.await(e -> "PruneSucceeded".equals(e.type()) && job.equals(e.data().get("jobId").asText()), TRAINING);
        return job(pruner, job);
    }

    /**
     * @param killed        the instance killed (or stopped) mid-job
     * @param pruner        an instance alive now (the gateway reaches the pruner-service at the first one's address)
     * @param resultsBefore the parent's derived models before the job
     */
    private static void assertResumedAfterTheFirstEpoch(EventStream events, JsonNode finished, ServiceProcess killed,
                                                        ServiceProcess pruner, List<String> resultsBefore, int epochs)
            throws Exception {
        assertEquals("SUCCEEDED", finished.get("status").asText(), finished.toString());
        assertEquals(2, finished.get("attempts").asInt(), "started once, and once again after the kill: " + finished);
        // Resumed after the epoch of the last checkpoint the killed instance saved, not from scratch.
        JsonNode resumedFrom = finished.get("resumedFrom");
        Matcher epoch = Pattern.compile("fine-tuning: epoch (\\d+)/" + epochs + " done")
                .matcher(resumedFrom.get("stage").asText());
        assertTrue(epoch.lookingAt(), finished.toString());
        int resumedAfter = Integer.parseInt(epoch.group(1));
        assertTrue(resumedAfter >= 1 && resumedAfter < epochs, "killed mid-job, after its first epoch: " + finished);
        assertTrue(resumedFrom.get("savedBy").asText().contains("/" + killed.pid() + "/"),
                "the checkpoint the killed instance saved: " + finished);

        // Once: one PruneSucceeded, one result model.
        String resultId = finished.get("resultModelId").asText();
        assertEquals(1, events.events().stream().filter(e -> "PruneSucceeded".equals(e.type())).count(), events.events().toString());
        List<String> expected = new ArrayList<>(resultsBefore);
        expected.add(resultId);
        assertEquals(expected.stream().sorted().toList(), results(pruner).stream().sorted().toList());

        // Resumed, not started again: the fine-tuning ran the epochs after the checkpoint only.
        JsonNode finetune = PLATFORM.internal(pruner, "/models/" + resultId).at("/lineage/recipe/recovery/finetune");
        assertEquals(resumedAfter, finetune.get("resumedAfterEpoch").asInt(), finetune.toString());
        assertTrue(events.events().stream().anyMatch(e -> "PruneProgressed".equals(e.type()) && e.data().get("stage").asText()
                .startsWith("resumed from the checkpoint of: fine-tuning: epoch " + resumedAfter + "/" + epochs + " done")),
                "announced");
        assertTrue(events.events().stream().anyMatch(e -> "PruneProgressed".equals(e.type()) && e.data().get("stage").asText()
                .equals("fine-tuning: epoch " + (resumedAfter + 1) + "/" + epochs + ", resumed after epoch " + resumedAfter
                        + " from its checkpoint")), "the trainer itself says where it resumed: " + events.events());
    }

    /** The ids of the models derived from the parent, as the registry lists them. */
    private static List<String> results(ServiceProcess pruner) throws Exception {
        return StreamSupport.stream(PLATFORM.internal(pruner, "/models").spliterator(), false)
                .filter(m -> parentId.equals(m.path("parentId").asText()))
                .map(m -> m.get("id").asText())
                .toList();
    }

    private static JsonNode job(ServiceProcess pruner, String job) throws Exception {
        return PLATFORM.internal(pruner, "/prune-jobs/" + job);
    }
}
