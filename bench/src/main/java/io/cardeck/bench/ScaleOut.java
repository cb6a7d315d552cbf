package io.cardeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.cli.ModelUpload;
import io.cardeck.devstack.EventStream;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.devstack.LoopbackPorts;
import io.cardeck.devstack.ServiceProcess;
import io.cardeck.events.EventCodec;
import io.cardeck.events.ModelOrigin;
import io.cardeck.events.ModelReady;
import io.cardeck.events.TopicAccess;
import io.cardeck.events.Topics;
import io.cardeck.onnx.OnnxModel;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Evaluations per minute with 1, 2, ... N evaluator instances of the running platform, side by side in
 * one run: in each round the instance count goes 1, 2, ... N (odd rounds) or N ... 1 (even rounds), and
 * for each count a batch of evaluations of one model is announced at once, timed from the announcement to
 * the last EvaluationCompleted on the gateway's event stream.
 */
@Command(name = "scale-out", mixinStandardHelpOptions = true,
        description = "Evaluations per minute with 1..N evaluator instances sharing the cells (docs/benchmarks.md, section 10).")
final class ScaleOut implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVALUATOR = "evaluator-service";
    private static final Duration WAIT = Duration.ofMinutes(30);

    @Option(names = "--instances", defaultValue = "3", description = "The most evaluator instances (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--evaluations", defaultValue = "3",
            description = "Evaluations announced at once for each instance count (default: ${DEFAULT-VALUE}).")
    int evaluations;

    @Option(names = "--rounds", defaultValue = "2", description = "Rounds over every instance count (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--samples-per-cell", defaultValue = "1000",
            description = "Images of each of the 91 cells (default: ${DEFAULT-VALUE}, the service's default).")
    int samplesPerCell;

    @Option(names = "--intra-op-threads", defaultValue = "1",
            description = "ONNX Runtime threads of each instance; 0 lets ONNX Runtime take every core (default: ${DEFAULT-VALUE},"
                    + " an instance per core, as pods that request one CPU each).")
    int intraOpThreads;

    @Option(names = "--model", defaultValue = "models/lenet5-standard.onnx",
            description = "The Fashion-MNIST model evaluated (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--repository", defaultValue = ".", description = "Repository root with the packaged services.")
    Path repository;

    /**
     * One timed batch: the instance count, the batch's wall time, the cells each instance computed, and the
     * idle share of the machine's CPUs meanwhile (near 0 with fewer busy instances than cores: others held them).
     */
    private record Batch(int instances, double seconds, Map<Long, Long> cellsByPid, double machineIdle) {}

    @Override
    public Integer call() throws Exception {
        if (instances < 1 || evaluations < 1 || rounds < 1 || samplesPerCell < 1) {
            throw new IllegalArgumentException("--instances, --evaluations, --rounds and --samples-per-cell must be at least 1");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("--intra-op-threads must be >= 0 (0: ONNX Runtime's choice), got " + intraOpThreads);
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model " + model + " is not a file; give an ONNX model of Fashion-MNIST");
        }
        Path home = Files.createTempDirectory("cardeck-scale-out-bench");
        String database = "cardeck_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        HttpClient http = HttpClient.newHttpClient();
        LocalPlatform.Settings settings = LocalPlatform.Settings.onFreePorts(database,
                Map.of("CARDECK_EVALUATOR_SAMPLES_PER_CELL", String.valueOf(samplesPerCell),
                        "CARDECK_EVALUATOR_INTRA_OP_THREADS", String.valueOf(intraOpThreads)));
        try (LocalPlatform platform = LocalPlatform.start(repository.toAbsolutePath(), home, settings, System.err::println);
             KafkaProducer<String, byte[]> producer = producer(platform)) {
            OnnxModel onnx = OnnxModel.load(model);
            HttpResponse<String> upload = ModelUpload.post(http, platform.gatewayRequest("/api/models"), Map.of("metadata",
                    JSON.writeValueAsString(Map.of("name", "scale-out-bench", "dataset", "fashion-mnist",
                            "labels", onnx.metadata().labels()))), model.getFileName().toString(), onnx.toBytes());
            if (upload.statusCode() != 201) {
                throw new IllegalStateException("upload failed: " + upload.statusCode() + " " + upload.body());
            }
            JsonNode registered = JSON.readTree(upload.body());
            Announcer announcer = new Announcer(http, platform, producer, registered.get("id").asText(),
                    registered.get("sha256").asText(), database);
            // The upload's own evaluation generates the suite and warms the first instance up; it is not timed.
            announcer.awaitIdle();

            List<ServiceProcess> running = new ArrayList<>(List.of(platform.service(EVALUATOR)));
            List<Batch> batches = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (int step = 0; step < instances; step++) {
                    int count = round % 2 == 1 ? step + 1 : instances - step;
                    boolean started = count > running.size();
                    while (running.size() < count) {
                        running.add(platform.startAnotherInstance(EVALUATOR, LoopbackPorts.free()));
                    }
                    while (running.size() > count) {
                        running.remove(running.size() - 1).close();
                    }
                    if (started) {
                        System.err.printf("round %d: %d instances; warming the new one(s) up with one evaluation%n", round, count);
                        announcer.run(1);
                    }
                    System.err.printf("round %d: %d instance(s), %d evaluations%n", round, count, evaluations);
                    Instant from = Instant.now();
                    Optional<MachineCpu.Sample> before = MachineCpu.sample();
                    double seconds = announcer.run(evaluations);
                    double idle = MachineCpu.idleShare(before, MachineCpu.sample());
                    batches.add(new Batch(count, seconds, announcer.cellsByInstance(from), idle));
                }
            }
            report(batches);
        } finally {
            new LocalPostgres().dropDatabase(database);
        }
        return 0;
    }

    private void report(List<Batch> batches) {
        MarkdownTable perBatch = new MarkdownTable("batch", "instances", "evaluations", "wall", "evaluations/min",
                "machine idle", "cells per instance (pid=cells)");
        for (int i = 0; i < batches.size(); i++) {
            Batch batch = batches.get(i);
            perBatch.row(i + 1, batch.instances(), evaluations, String.format("%.1f s", batch.seconds()),
                    String.format("%.2f", perMinute(batch)), MarkdownTable.percent(batch.machineIdle()), batch.cellsByPid());
        }
        System.out.println(perBatch);
        System.out.println();
        MarkdownTable summary = new MarkdownTable("instances", "evaluations/min (median)", "spread", "vs 1 instance (median of rounds)",
                "least / most cells of an instance");
        Samples one = rates(batches, 1);
        for (int count = 1; count <= instances; count++) {
            Samples rates = rates(batches, count);
            int instancesNow = count;
            double balance = batches.stream().filter(b -> b.instances() == instancesNow).mapToDouble(ScaleOut::balance)
                    .min().orElse(Double.NaN);
            summary.row(count, String.format("%.2f", rates.median()), MarkdownTable.percent(rates.spread()),
                    String.format("%.2fx", rates.over(one).median()), MarkdownTable.percent(balance));
        }
        System.out.println(summary);
        System.out.printf("%n%d evaluations of %s per batch, %d images per cell (91 cells: clean + 18 corruptions x 5"
                + " severities), %d round(s), ONNX Runtime threads per instance: %s; machine: %d cores (availableProcessors)%n",
                evaluations, model.getFileName(), samplesPerCell, rounds, intraOpThreads == 0 ? "ONNX Runtime's choice" : intraOpThreads,
                Runtime.getRuntime().availableProcessors());
    }

    private double perMinute(Batch batch) {
        return evaluations * 60 / batch.seconds();
    }

    /** Evaluations per minute of the batches with {@code count} instances, in round order. */
    private Samples rates(List<Batch> batches, int count) {
        return Samples.of(batches.stream().filter(b -> b.instances() == count).mapToDouble(this::perMinute).toArray());
    }

    /** The fewest cells an instance computed over the most: 100% is an even share. */
    private static double balance(Batch batch) {
        long least = batch.cellsByPid().values().stream().mapToLong(Long::longValue).min().orElse(0);
        long most = batch.cellsByPid().values().stream().mapToLong(Long::longValue).max().orElse(1);
        return batch.cellsByPid().size() < batch.instances() ? 0 : (double) least / most;
    }

    private static KafkaProducer<String, byte[]> producer(LocalPlatform platform) {
        Properties properties = new Properties();
        properties.putAll(platform.kafkaAdminSettings());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Announces the registered model again as the pruner-service announces a new model (a ModelReady with an
     * event id of its own), so each announcement is one more evaluation of the same bytes.
     */
    private record Announcer(HttpClient http, LocalPlatform platform, KafkaProducer<String, byte[]> producer,
                             String modelId, String sha256, String database) {

        /** Waits until no evaluation of the model is running (the upload's own one). */
        void awaitIdle() throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                HttpResponse<String> list = http.send(platform.gatewayRequest("/api/evaluations?modelId=" + modelId).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode evaluations = JSON.readTree(list.body());
                if (list.statusCode() == 200 && evaluations.size() > 0
                        && evaluations.findValuesAsText("status").stream().noneMatch("RUNNING"::equals)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the evaluation of the upload did not finish within " + WAIT);
                }
                Thread.sleep(500);
            }
        }

        /**
         * Announces {@code count} evaluations at once and waits until all of them are completed; returns the
         * seconds from the announcement to the last completion read.
         */
        double run(int count) throws Exception {
            // An earlier evaluation's EvaluationCompleted can reach the stream after the evaluation reads as
            // ended through the API (the event goes through the outbox and Kafka): it is not one of these.
            Set<String> earlier = new HashSet<>();
            JSON.readTree(http.send(platform.gatewayRequest("/api/evaluations?modelId=" + modelId).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body()).forEach(evaluation -> earlier.add(evaluation.get("id").asText()));
            try (EventStream events = new EventStream(http, platform.gatewayRequest("/api/events?modelId=" + modelId))) {
                Instant sent = Instant.now();
                for (int i = 0; i < count; i++) {
                    ModelReady ready = new ModelReady(UUID.randomUUID(), Instant.now(), modelId, sha256, "fashion-mnist",
                            ModelOrigin.UPLOAD, null);
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MODELS_READY, ready.key(), EventCodec.encode(ready));
                    // As the pruner-service writes it: the evaluator takes a ModelReady from that writer only.
                    record.headers().add(TopicAccess.WRITER_HEADER, TopicAccess.writer(Topics.MODELS_READY).getBytes(StandardCharsets.UTF_8));
                    producer.send(record);
                }
                producer.flush();
                Set<String> completed = new HashSet<>(earlier);
                int wanted = earlier.size() + count;
                EventStream.Event last = null;
                while (completed.size() < wanted) {
                    last = events.await(e -> ("EvaluationCompleted".equals(e.type()) || "EvaluationFailed".equals(e.type()))
                            && !completed.contains(e.data().get("evaluationId").asText()), WAIT);
                    if ("EvaluationFailed".equals(last.type())) {
                        throw new IllegalStateException("an evaluation failed: " + last.data());
                    }
                    completed.add(last.data().get("evaluationId").asText());
                }
                return Duration.between(sent, last.receivedAt()).toNanos() / 1e9;
            }
        }

        /** Cells of the evaluations created since {@code from}, by the pid of the instance that computed them. */
        Map<Long, Long> cellsByInstance(Instant from) throws SQLException {
            Map<Long, Long> cells = new TreeMap<>();
            try (Connection connection = new LocalPostgres().connect(database); PreparedStatement query = connection.prepareStatement(
                    "SELECT split_part(c.computed_by, '/', 2), count(*) FROM evaluator.cell_jobs c"
                            + " JOIN evaluator.evaluations e ON e.id = c.evaluation_id WHERE e.created_at >= ? GROUP BY 1")) {
                query.setTimestamp(1, Timestamp.from(from));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        cells.put(Long.parseLong(rows.getString(1)), rows.getLong(2));
                    }
                }
            }
            return cells;
        }
    }
}
