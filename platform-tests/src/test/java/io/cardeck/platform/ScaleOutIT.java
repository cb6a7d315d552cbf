package io.cardeck.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cardeck.cli.ModelUpload;
import io.cardeck.devstack.EventStream;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.devstack.LoopbackPorts;
import io.cardeck.devstack.ServiceProcess;
import io.cardeck.onnx.OnnxModel;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evaluation spread over evaluator processes: the packaged services, a real broker and PostgreSQL,
 * and the committed LeNet-5 uploaded again (a new model of the same bytes) for 1, 2, then 3 evaluator
 * instances. The figures are identical to the last digit whatever the number of instances, every
 * instance computes a share of the cells (each instance's count is recorded in the database and on its
 * {@code /q/metrics}), and the metric the evaluator's autoscaler in {@code k8s/} names is what the
 * service exposes. Then one of two evaluators is stopped with SIGTERM mid-evaluation (ResNet-20, whose
 * cells take long enough that it is caught early in one, with 10 cells left): it gives its cell back and
 * the other finishes within 30 s, where a cell kept until its lease expired would hold the evaluation for
 * 2 minutes, with the same figures as an evaluation nobody stopped, completed once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPOSITORY = Path.of(System.getProperty("cardeck.repository", "..")).toAbsolutePath().normalize();
    private static final String EVALUATOR = "evaluator-service";
    /** The clean images and 18 corruptions x 5 severities of Fashion-MNIST's suite. */
    private static final int CELLS = 1 + 18 * 5;
    private static final int SAMPLES_PER_CELL = 1000;
    /** A cell held by an instance that stopped without giving it back waits this long: far beyond the 30 s allowed. */
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration HANDED_OVER_WITHIN = Duration.ofSeconds(30);
    /** Cells not stored yet when SIGTERM is sent: a few seconds of ResNet-20 for the one instance left. */
    private static final int LEFT_AT_SIGTERM = 10;
    /** The first evaluation also generates the suite (90,000 corrupted images); the machine is shared. */
    private static final Duration EVALUATION = Duration.ofMinutes(15);
    private static final Pattern PENDING = Pattern.compile("(?m)^cardeck_evaluator_cells_pending(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern COMPUTED = Pattern.compile("(?m)^cardeck_evaluator_cells_computed_total(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern GIVEN_BACK = Pattern.compile("cell (\\S+) of evaluation (\\S+) stopped with the service;"
            + " given back for another instance");

    @TempDir
    static Path home;

    private static LocalPlatform platform;
    private static String database;
    /** The evaluator instances running, the platform's own first (the gateway reads evaluations from it). */
    private static final List<ServiceProcess> evaluators = new ArrayList<>();
    /** The figures of LeNet-5 evaluated by one instance. */
    private static JsonNode lenetAlone;

    @BeforeAll
    static void startPlatform() {
        database = "cardeck_scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        platform = LocalPlatform.start(REPOSITORY, home, LocalPlatform.Settings.onFreePorts(database, Map.of(
                "CARDECK_EVALUATOR_SAMPLES_PER_CELL", String.valueOf(SAMPLES_PER_CELL),
                "CARDECK_EVALUATOR_CELLS_LEASE", LEASE.toSeconds() + "s",
                "CARDECK_EVALUATOR_CELLS_HEARTBEAT", "1s")), System.out::println);
        evaluators.add(platform.service(EVALUATOR));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        new LocalPostgres().dropDatabase(database);
    }

    @Test
    @Order(1)
    void oneTwoAndThreeEvaluatorsGiveIdenticalFiguresAndShareTheCells() throws Exception {
        for (int instances = 1; instances <= 3; instances++) {
            if (instances > 1) {
                evaluators.add(platform.startAnotherInstance(EVALUATOR, LoopbackPorts.free()));
                // A new instance's first cells are slow (its JIT, the first session); the share is measured after.
                assertEquals(lenetAlone, evaluate("lenet5-standard", "lenet5-warm-up-" + instances).figures());
            }
            Evaluated lenet = evaluate("lenet5-standard", "lenet5-on-" + instances);
            Map<Long, Long> cellsByPid = cellsByInstance(lenet.id());
            System.out.printf("LeNet-5 on %d evaluator(s): cells computed per instance (pid=cells) %s%n", instances, cellsByPid);
            assertEquals(CELLS, cellsByPid.values().stream().mapToLong(Long::longValue).sum(), cellsByPid.toString());
            assertEquals(evaluators.stream().map(ServiceProcess::pid).sorted().toList(), List.copyOf(cellsByPid.keySet()),
                    "every instance computed cells: " + cellsByPid);
            for (long cells : cellsByPid.values()) {
                assertTrue(cells >= CELLS / (2 * instances), "at least half of an even share: " + cellsByPid);
            }
            if (instances == 1) {
                lenetAlone = lenet.figures();
            } else {
                assertEquals(lenetAlone, lenet.figures(), "to the last digit, whatever the number of instances");
            }
        }

        // What each instance counted on its /q/metrics is what the database says it computed.
        for (ServiceProcess evaluator : evaluators) {
            assertEquals(count("SELECT count(*) FROM evaluator.cell_jobs WHERE computed_by LIKE ?", "%/" + evaluator.pid() + "/%"),
                    (long) metric(evaluator, COMPUTED), evaluator.url());
        }
    }

    @Test
    @Order(2)
    void anEvaluatorStoppedWithSigtermGivesItsCellBackAndTheOtherFinishesWithinThirtySeconds() throws Exception {
        Evaluated uninterrupted = evaluate("resnet20-standard", "resnet20-uninterrupted");
        evaluators.remove(2).close();
        ServiceProcess survivor = evaluators.get(0);
        ServiceProcess stopped = evaluators.remove(1);

        try (EventStream events = new EventStream(HTTP, platform.gatewayRequest("/api/events"))) {
            String modelId = upload("resnet20-standard", "resnet20-stopped");
            String evaluationId = awaitEvaluationId(modelId);
            Duration cell = medianCellDuration(uninterrupted.id());
            // The stopped instance caught early in a cell, so it is still computing it when SIGTERM reaches the
            // service; and late enough that one instance finishes the rest well within 30 s on a busy machine.
            String held = awaitCellStartedBy(stopped, evaluationId, cell.dividedBy(2), LEFT_AT_SIGTERM);
            Instant sigterm = Instant.now();
            stopped.close();
            assertFalse(stopped.isAlive());

            EventStream.Event completed = events.await(e -> "EvaluationCompleted".equals(e.type())
                    && modelId.equals(e.data().get("modelId").asText()), HANDED_OVER_WITHIN.plus(LEASE));
            Duration handedOver = Duration.between(sigterm, completed.receivedAt());
            System.out.printf("SIGTERM of pid %d while it computed cell %s (cells take %s): completed %s later%n",
                    stopped.pid(), held, cell, handedOver);
            assertTrue(handedOver.compareTo(HANDED_OVER_WITHIN) < 0, "completed " + handedOver + " after the SIGTERM");

            String log = Files.readString(stopped.logFile());
            Matcher givenBack = GIVEN_BACK.matcher(log);
            assertTrue(givenBack.find() && givenBack.group(2).equals(evaluationId), "the stopped instance gave a cell back:\n" + log);
            assertTrue(log.contains("gave 1 cell(s) back for other instances"), log);
            assertEquals(1, count("SELECT count(*) FROM evaluator.cell_jobs WHERE evaluation_id = ? AND corruption || '/s' || severity = ?"
                    + " AND computed_by LIKE ?", UUID.fromString(evaluationId), givenBack.group(1), "%/" + survivor.pid() + "/%"),
                    "the cell given back was computed by the other instance");

            assertEquals(uninterrupted.figures(), figures(evaluationId));
            assertEquals(1, count("SELECT count(*) FROM evaluator.outbox WHERE event_key = ?"
                    + " AND convert_from(payload, 'UTF8') LIKE '%\"EvaluationCompleted/v1\"%'", modelId), "completed once");
        }
    }

    @Test
    @Order(3)
    void theAutoscalerScalesOnThePendingCellsTheEvaluatorsExpose() throws Exception {
        JsonNode autoscaler = kubernetesObject(REPOSITORY.resolve("k8s/base/evaluator-service.yaml"), "HorizontalPodAutoscaler");
        String metric = autoscaler.at("/spec/metrics/0/external/metric/name").asText();
        assertEquals("cardeck_evaluator_cells_pending", metric);

        String modelId = upload("lenet5-standard", "lenet5-pending");
        String evaluationId = awaitEvaluationId(modelId);
        ServiceProcess evaluator = evaluators.get(0);
        double seen = await("the pending cells on " + evaluator.url() + "/q/metrics", EVALUATION, () -> {
            double pending = metric(evaluator, PENDING);
            return pending > 0 ? Optional.of(pending) : Optional.empty();
        });
        assertTrue(seen <= CELLS, "the cells of the one running evaluation: " + seen);
        awaitFinished(evaluationId);
        await("the pending cells back to 0", EVALUATION, () -> metric(evaluator, PENDING) == 0 ? Optional.of(true) : Optional.empty());
    }

    /** An evaluation and its figures. */
    private record Evaluated(UUID id, JsonNode figures) {}

    /** Uploads {@code models/<file>.onnx} as a new model and waits for its evaluation to succeed. */
    private static Evaluated evaluate(String file, String name) throws Exception {
        String modelId = upload(file, name);
        String evaluationId = awaitEvaluationId(modelId);
        JsonNode finished = awaitFinished(evaluationId);
        assertEquals("SUCCEEDED", finished.get("status").asText(), finished.toString());
        return new Evaluated(UUID.fromString(evaluationId), figures(evaluationId));
    }

    private static String upload(String file, String name) throws IOException, InterruptedException {
        OnnxModel model = OnnxModel.load(REPOSITORY.resolve("models/" + file + ".onnx"));
        String metadata = JSON.writeValueAsString(Map.of("name", name, "dataset", "fashion-mnist",
                "labels", model.metadata().labels()));
        HttpResponse<String> upload = ModelUpload.post(HTTP, platform.gatewayRequest("/api/models"), Map.of("metadata", metadata),
                file + ".onnx", model.toBytes());
        assertEquals(201, upload.statusCode(), upload.body());
        return JSON.readTree(upload.body()).get("id").asText();
    }

    private static String awaitEvaluationId(String modelId) throws Exception {
        return await("the evaluation of model " + modelId, EVALUATION, () -> {
            JsonNode list = get("/api/evaluations?modelId=" + modelId);
            return list.size() == 1 ? Optional.of(list.get(0).get("id").asText()) : Optional.empty();
        });
    }

    private static JsonNode awaitFinished(String evaluationId) throws Exception {
        return await("evaluation " + evaluationId + " to finish", EVALUATION, () -> {
            JsonNode evaluation = get("/api/evaluations/" + evaluationId);
            return "RUNNING".equals(evaluation.get("status").asText()) ? Optional.empty() : Optional.of(evaluation);
        });
    }

    /** The evaluation's figures without what differs from run to run: ids, model, times and speed. */
    private static JsonNode figures(String evaluationId) throws Exception {
        ObjectNode figures = (ObjectNode) get("/api/evaluations/" + evaluationId);
        figures.remove(List.of("id", "modelId", "createdAt", "completedAt", "latencyMillisPerImage", "imagesPerSecond"));
        return figures;
    }

    /** Cells of the evaluation each instance computed, by the instance's process id (its id is host/pid/uuid). */
    private static Map<Long, Long> cellsByInstance(UUID evaluationId) throws SQLException {
        Map<Long, Long> cells = new TreeMap<>();
        try (Connection connection = new LocalPostgres().connect(database); PreparedStatement query = connection.prepareStatement(
                "SELECT split_part(computed_by, '/', 2), count(*) FROM evaluator.cell_jobs WHERE evaluation_id = ?"
                        + " GROUP BY 1")) {
            query.setObject(1, evaluationId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    cells.put(Long.parseLong(rows.getString(1)), rows.getLong(2));
                }
            }
        }
        return cells;
    }

    /** How long the evaluation's cells took, the median over them. */
    private static Duration medianCellDuration(UUID evaluationId) throws SQLException {
        try (Connection connection = new LocalPostgres().connect(database); PreparedStatement query = connection.prepareStatement(
                "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))"
                        + " FROM evaluator.cell_jobs WHERE evaluation_id = ?")) {
            query.setObject(1, evaluationId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return Duration.ofNanos((long) (row.getDouble(1) * 1e9));
            }
        }
    }


    /**
     * Waits until {@code instance} holds a cell of the evaluation that it claimed less than {@code within} ago,
     * while at most {@code left} cells of the evaluation are not stored; the cell's key. One connection, asked
     * every few milliseconds, so the claim is seen early in the cell.
     */
    private static String awaitCellStartedBy(ServiceProcess instance, String evaluationId, Duration within, int left)
            throws Exception {
        try (Connection connection = new LocalPostgres().connect(database); PreparedStatement query = connection.prepareStatement(
                "SELECT coalesce(corruption || '/s' || severity, 'clean'), (SELECT count(*) FROM evaluator.cell_jobs"
                        + " WHERE evaluation_id = ? AND status <> 'DONE') FROM evaluator.cell_jobs WHERE evaluation_id = ?"
                        + " AND status = 'RUNNING' AND lease_owner LIKE ? AND started_at > now() - CAST(? AS interval)")) {
            query.setObject(1, UUID.fromString(evaluationId));
            query.setObject(2, UUID.fromString(evaluationId));
            query.setString(3, "%/" + instance.pid() + "/%");
            query.setString(4, within.toMillis() + " milliseconds");
            return await("pid " + instance.pid() + " to start a cell with at most " + left + " cells left", EVALUATION, () -> {
                try (ResultSet row = query.executeQuery()) {
                    return row.next() && row.getLong(2) <= left ? Optional.of(row.getString(1)) : Optional.empty();
                }
            }, Duration.ofMillis(5));
        }
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = new LocalPostgres().connect(database); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static double metric(ServiceProcess service, Pattern pattern) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HTTP.send(platform.serviceRequest(service, "/q/metrics").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), metrics.body());
        Matcher matcher = pattern.matcher(metrics.body());
        assertTrue(matcher.find(), "no " + pattern + " on " + service.url() + "/q/metrics");
        return Double.parseDouble(matcher.group(1));
    }

    private static JsonNode kubernetesObject(Path manifest, String kind) throws IOException {
        for (JsonNode document : new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(manifest.toFile()).readAll()) {
            if (kind.equals(document.path("kind").asText())) {
                return document;
            }
        }
        throw new AssertionError(manifest + " has no " + kind);
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(platform.gatewayRequest(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private interface Probe<T> {
        Optional<T> get() throws Exception;
    }

    private static <T> T await(String what, Duration timeout, Probe<T> probe) throws Exception {
        return await(what, timeout, probe, Duration.ofMillis(250));
    }

    private static <T> T await(String what, Duration timeout, Probe<T> probe, Duration pause) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + timeout + " waiting for " + what);
            }
            Thread.sleep(pause.toMillis());
        }
    }
}
