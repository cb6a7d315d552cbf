package io.cardeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.cli.ModelUpload;
import io.cardeck.devstack.EventStream;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.onnx.OnnxModel;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Time from a prune request at the gateway to the evaluation-completed event of its result on the
 * gateway's SSE stream, for the committed LeNet-5 with a quick evaluation, and where the time goes:
 * each stage is read from the {@code occurredAt} of the events that bound it (one machine, one clock).
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Prune request -> evaluation completed, through the running platform (services, Kafka, PostgreSQL).")
final class PipelineLatency implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--rounds", defaultValue = "5", description = "Prune requests, one after another (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--samples-per-cell", defaultValue = "100", description = "Evaluation images per cell (default: ${DEFAULT-VALUE}).")
    int samplesPerCell;

    @Option(names = "--repository", defaultValue = ".", description = "Repository root with the packaged services and models/.")
    Path repository;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || samplesPerCell < 1) {
            throw new IllegalArgumentException("--rounds and --samples-per-cell must be at least 1");
        }
        Path home = Files.createTempDirectory("cardeck-pipeline-bench");
        String database = "cardeck_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        HttpClient http = HttpClient.newHttpClient();
        LocalPlatform.Settings settings = LocalPlatform.Settings.onFreePorts(database,
                Map.of("CARDECK_EVALUATOR_SAMPLES_PER_CELL", String.valueOf(samplesPerCell)));
        try (LocalPlatform platform = LocalPlatform.start(repository.toAbsolutePath(), home, settings, System.err::println)) {
            OnnxModel lenet = OnnxModel.load(repository.resolve("models/lenet5-standard.onnx"));
            String parent;
            // The upload's own evaluation generates the suite and warms every JVM up; it is not timed.
            try (EventStream warmUp = new EventStream(http, platform.gatewayRequest("/api/events"))) {
                HttpResponse<String> upload = ModelUpload.post(http, platform.gatewayRequest("/api/models"), Map.of("metadata",
                        JSON.writeValueAsString(Map.of("name", "lenet5-bench", "dataset", "fashion-mnist",
                                "labels", lenet.metadata().labels()))), "lenet5.onnx", lenet.toBytes());
                if (upload.statusCode() != 201) {
                    throw new IllegalStateException("upload failed: " + upload.statusCode() + " " + upload.body());
                }
                parent = JSON.readTree(upload.body()).get("id").asText();
                warmUp.await(e -> "EvaluationCompleted".equals(e.type()) && parent.equals(e.data().get("modelId").asText()),
                        Duration.ofMinutes(10));
            }
            MarkdownTable table = new MarkdownTable("round", "request -> pruning starts", "pruning", "pruned -> evaluation 10%",
                    "evaluation 10% -> done", "completed -> client", "total (client)");
            List<Double> totals = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double sparsity = 0.5 + 0.4 * (round - 1) / Math.max(1, rounds - 1);
                totals.add(measure(http, platform, parent, sparsity, round, table));
            }
            System.out.println(table);
            totals.sort(Double::compare);
            System.out.printf("%nmedian total %.2f s over %d rounds (LeNet-5, %d images per cell, 18 corruptions x 5 severities)%n",
                    totals.get(totals.size() / 2), rounds, samplesPerCell);
        } finally {
            new LocalPostgres().dropDatabase(database);
        }
        return 0;
    }

    private static double measure(HttpClient http, LocalPlatform platform, String parent, double sparsity, int round,
                                  MarkdownTable table) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("modelId", parent, "method", "magnitude",
                "params", Map.of("sparsity", sparsity)));
        Instant sent = Instant.now();
        HttpResponse<String> response = http.send(platform.gatewayRequest("/api/prune-jobs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("prune request failed: " + response.statusCode() + " " + response.body());
        }
        String job = JSON.readTree(response.body()).get("id").asText();
        try (EventStream events = new EventStream(http, platform.gatewayRequest("/api/events?jobId=" + job))) {
            Duration wait = Duration.ofMinutes(10);
            Instant started = occurred(events.await(e -> "PruneProgressed".equals(e.type()), wait).data());
            EventStream.Event succeeded = events.await(e -> "PruneSucceeded".equals(e.type()), wait);
            String result = succeeded.data().get("resultModelId").asText();
            Instant evaluating = occurred(events.await(e -> "EvaluationProgressed".equals(e.type())
                    && result.equals(e.data().get("modelId").asText()), wait).data());
            EventStream.Event completed = events.await(e -> "EvaluationCompleted".equals(e.type())
                    && result.equals(e.data().get("modelId").asText()), wait);
            Instant done = occurred(completed.data());
            double total = Duration.between(sent, completed.receivedAt()).toNanos() / 1e9;
            table.row(round, seconds(sent, started), seconds(started, occurred(succeeded.data())),
                    seconds(occurred(succeeded.data()), evaluating), seconds(evaluating, done),
                    seconds(done, completed.receivedAt()), String.format("%.2f s", total));
            return total;
        }
    }

    private static Instant occurred(JsonNode event) {
        return Instant.parse(event.get("occurredAt").asText());
    }

    private static String seconds(Instant from, Instant to) {
        return String.format("%.2f s", Duration.between(from, to).toNanos() / 1e9);
    }

}
