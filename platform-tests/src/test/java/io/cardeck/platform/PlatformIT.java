package io.cardeck.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.cli.CardeckCommand;
import io.cardeck.cli.ModelUpload;
import io.cardeck.devstack.EventStream;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.deck.gate.ReferenceSpectra;
import io.cardeck.events.BinaryTensorData;
import io.cardeck.metrics.spectrum.FourierAmplitude;
import io.cardeck.metrics.spectrum.Spectrum;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.runtime.ReferenceProbabilities;
import io.cardeck.robustness.corruption.Corruptions;
import io.cardeck.zoo.NearestCentroid;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The three jobs end to end, as a user sees them: the four services as packaged apps, a real Kafka
 * broker and the machine's PostgreSQL, reached only through the gateway.
 * <ul>
 * <li>Prune and evaluate: upload the committed LeNet-5, prune it at 50% and 90%, follow each job's
 * events over the gateway's SSE stream until its result's evaluation completes, and check what is
 * stored against the model file and `cardeck eval`.</li>
 * <li>Serve: decks of uploaded models answer inference requests with the softmax average of the
 * members the gate chose, checked against direct ONNX Runtime runs and spectra computed here.</li>
 * </ul>
 */
class PlatformIT {

    private static final int SAMPLES_PER_CELL = 100;
    /** The ensemble-service's default calibration: the first 1000 training images, seed 0. */
    private static final int CALIBRATION_IMAGES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPOSITORY = Path.of(System.getProperty("cardeck.repository", "..")).toAbsolutePath().normalize();

    @TempDir
    static Path home;

    private static LocalPlatform platform;
    private static String database;

    @BeforeAll
    static void startPlatform() throws IOException {
        database = "cardeck_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        LocalPlatform.Settings settings = LocalPlatform.Settings.onFreePorts(database,
                Map.of("CARDECK_EVALUATOR_SAMPLES_PER_CELL", String.valueOf(SAMPLES_PER_CELL)));
        platform = LocalPlatform.start(REPOSITORY, home, settings, System.out::println);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        new LocalPostgres().dropDatabase(database);
    }

    @Test
    void pruneAndFollowTheEvaluationsLive() throws Exception {
        OnnxModel lenet = OnnxModel.load(REPOSITORY.resolve("models/lenet5-standard.onnx"));
        String metadata = JSON.writeValueAsString(Map.of("name", "lenet5-e2e", "dataset", "fashion-mnist",
                "labels", lenet.metadata().labels()));
        HttpResponse<String> upload = ModelUpload.post(HTTP, platform.gatewayRequest("/api/models"), Map.of("metadata", metadata),
                "lenet5.onnx", lenet.toBytes());
        assertEquals(201, upload.statusCode(), upload.body());
        String parentId = JSON.readTree(upload.body()).get("id").asText();

        String job50 = requestPruning(parentId, 0.5);
        String job90 = requestPruning(parentId, 0.9);
        try (EventStream events50 = new EventStream(HTTP, platform.gatewayRequest("/api/events?jobId=" + job50));
             EventStream events90 = new EventStream(HTTP, platform.gatewayRequest("/api/events?jobId=" + job90))) {
            String model50 = resultOf(events50, job50);
            String model90 = resultOf(events90, job90);
            JsonNode completed90 = events90.await(e -> "EvaluationCompleted".equals(e.type())
                    && model90.equals(e.data().get("modelId").asText()), Duration.ofMinutes(6)).data();
            events50.await(e -> "EvaluationCompleted".equals(e.type()) && model50.equals(e.data().get("modelId").asText()),
                    Duration.ofMinutes(6));
            assertTrue(events90.events().stream().noneMatch(e -> e.data().has("modelId")
                    && model50.equals(e.data().get("modelId").asText())), "the job filter keeps other jobs' models out");

            Path prunedFile = home.resolve("pruned90.onnx");
            Files.write(prunedFile, download("/api/models/" + model90 + "/onnx"));
            OnnxModel pruned = OnnxModel.load(prunedFile);
            assertEquals(0.9, zeroShareOfWeights(pruned), 0.5 / weightCount(pruned), "global magnitude 90%");

            JsonNode evaluations = JSON.readTree(get("/api/evaluations?modelId=" + model90).body());
            assertEquals(1, evaluations.size());
            JsonNode evaluation = JSON.readTree(get("/api/evaluations/" + evaluations.get(0).get("id").asText()).body());
            assertEquals("SUCCEEDED", evaluation.get("status").asText());
            assertEquals(18 * 5, evaluation.get("cells").size(), "every gray corruption x severity");
            assertEquals(completed90.get("cleanAccuracy").asDouble(), evaluation.get("cleanAccuracy").asDouble(), 0.0);

            Path suite = home.resolve("suites").resolve("fashion-mnist-test-" + SAMPLES_PER_CELL + "-seed0");
            JsonNode cli = cardeckEval(prunedFile, suite);
            assertEquals(cli.get("clean").get("accuracy").asDouble(), evaluation.get("cleanAccuracy").asDouble(), 0.0,
                    "the service and `cardeck eval` agree on the same file and samples");
            assertEquals(cli.get("robustness").get("robustAccuracy").get("value").asDouble(),
                    evaluation.get("robustAccuracy").asDouble(), 1e-12);
        }
    }

    @Test
    void serveDecksThroughTheGateway() throws Exception {
        OnnxModel lenet = OnnxModel.load(REPOSITORY.resolve("models/lenet5-standard.onnx"));
        ImageDataset train = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("train");
        byte[] centroid = NearestCentroid.fit(train, DatasetCatalog.FASHION_MNIST, images -> { }).toBytes();
        String standard = upload("deck-lenet5", lenet.toBytes(), lenet.metadata().labels());
        String gauss = upload("deck-centroid", centroid, lenet.metadata().labels());

        HttpResponse<String> created = post("/api/decks", deckBody("e2e-gated", "gated", standard, gauss));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(201, post("/api/decks", deckBody("e2e-average", "average", standard, gauss)).statusCode());

        Map<String, Spectrum> references = new LinkedHashMap<>();
        for (String domain : List.of("standard", "gauss")) {
            references.put(domain, ReferenceSpectra.of(train, CALIBRATION_IMAGES, TrainingDomains.byName(domain), 0));
        }
        ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
        FourierAmplitude fourier = new FourierAmplitude(test.shape());
        int size = test.shape().size();
        for (String corruption : List.of("gaussian_noise", "fog")) {
            float[] images = corrupted(test, corruption, corruption.equals("fog") ? 3 : 5, 8);
            double[] fromLenet = ReferenceProbabilities.of(lenet.toBytes(), images, 8);
            double[] fromCentroid = ReferenceProbabilities.of(centroid, images, 8);

            JsonNode gated = infer("e2e-gated", images, 8);
            double[] probabilities = probabilities(gated);
            for (int n = 0; n < 8; n++) {
                Spectrum input = fourier.logAmplitude(Arrays.copyOfRange(images, n * size, (n + 1) * size));
                String closest = input.l1Distance(references.get("gauss")) < input.l1Distance(references.get("standard"))
                        ? "gauss" : "standard";
                assertEquals("[\"" + closest + "\"]", gated.get("parameters").get("chosen_domains").get(n).toString(),
                        corruption + " image " + n);
                if (corruption.equals("gaussian_noise")) {
                    assertEquals("gauss", closest, "strong noise is closest to the Gaussian-noise domain");
                }
                double[] member = closest.equals("gauss") ? fromCentroid : fromLenet;
                assertRowEquals(member, probabilities, n);
            }

            double[] averaged = probabilities(infer("e2e-average", images, 8));
            double[] expected = new double[fromLenet.length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (fromLenet[i] + fromCentroid[i]) / 2;
            }
            for (int n = 0; n < 8; n++) {
                assertRowEquals(expected, averaged, n);
            }
            // The binary tensor data extension through the gateway: the same probabilities, bit for bit.
            float[] binary = inferBinary("e2e-average", images, 8);
            for (int i = 0; i < binary.length; i++) {
                assertEquals((float) averaged[i], binary[i], corruption + " value " + i);
            }
        }
        byte[] header = binaryHeader(1, 100).getBytes(StandardCharsets.UTF_8);
        byte[] shortBody = Arrays.copyOf(header, header.length + 100);
        HttpResponse<String> refused = postBinary("/v2/models/e2e-average/infer", shortBody, "not-a-number");
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Inference-Header-Content-Length must be the byte length"), refused.body());
        refused = postBinary("/v2/models/e2e-average/infer", shortBody, Integer.toString(shortBody.length + 1));
        assertEquals(400, refused.statusCode(), refused.body());
        refused = postBinary("/v2/models/e2e-average/infer", shortBody, Integer.toString(header.length));
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("the shape needs 784 FP32 values, 3136 bytes"), refused.body());

        // The ensemble-service follows the evaluations of the members it serves.
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        JsonNode members;
        do {
            Thread.sleep(1000);
            members = JSON.readTree(get("/api/decks/e2e-gated").body()).get("members");
        } while ((members.get(0).get("robustAccuracy").isNull() || members.get(1).get("robustAccuracy").isNull())
                && System.nanoTime() < deadline);
        // A deadline passed is a failure: compared below, JSON nulls would read as 0.0 on both sides.
        assertFalse(members.get(0).get("robustAccuracy").isNull() || members.get(1).get("robustAccuracy").isNull(),
                "the deck's members had no robust accuracy within 6 minutes: " + members);
        JsonNode evaluation = JSON.readTree(get("/api/evaluations?modelId=" + standard).body()).get(0);
        assertEquals("SUCCEEDED", evaluation.get("status").asText(), evaluation.toString());
        assertEquals(evaluation.get("robustAccuracy").asDouble(), members.get(0).get("robustAccuracy").asDouble(), 0.0);
        assertEquals(evaluation.get("cleanAccuracy").asDouble(), members.get(0).get("cleanAccuracy").asDouble(), 0.0);
        assertEquals(404, get("/api/decks/no-such-deck").statusCode());
        assertEquals(400, get("/api/decks/Not%20A%20Name").statusCode());
    }

    private static String upload(String name, byte[] onnx, List<String> labels) throws IOException, InterruptedException {
        String metadata = JSON.writeValueAsString(Map.of("name", name, "dataset", "fashion-mnist", "labels", labels));
        HttpResponse<String> response = ModelUpload.post(HTTP, platform.gatewayRequest("/api/models"), Map.of("metadata", metadata),
                name + ".onnx", onnx);
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    private static String deckBody(String name, String mode, String standard, String gauss) throws IOException {
        return JSON.writeValueAsString(Map.of("name", name,
                "members", List.of(Map.of("modelId", standard, "domain", "standard"), Map.of("modelId", gauss, "domain", "gauss")),
                "gating", Map.of("mode", mode, "k", 1, "granularity", "sample")));
    }

    private static float[] corrupted(ImageDataset test, String corruption, int severity, int count) {
        int size = test.shape().size();
        float[] images = new float[count * size];
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < count; n++) {
            float[] image = Corruptions.byName(corruption).apply(test.image(n), test.shape(), severity, random.split());
            System.arraycopy(image, 0, images, n * size, size);
        }
        return images;
    }

    private static JsonNode infer(String deck, float[] images, int count) throws IOException, InterruptedException {
        Map<String, Object> input = Map.of("name", "input", "datatype", "FP32", "shape", List.of(count, 1, 28, 28),
                "data", images);
        HttpResponse<String> response = post("/v2/models/" + deck + "/infer",
                JSON.writeValueAsString(Map.of("inputs", List.of(input))));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String binaryHeader(int count, int binaryDataSize) throws IOException {
        Map<String, Object> input = Map.of("name", "input", "datatype", "FP32", "shape", List.of(count, 1, 28, 28),
                "parameters", Map.of("binary_data_size", binaryDataSize));
        return JSON.writeValueAsString(Map.of("inputs", List.of(input), "parameters", Map.of("binary_data_output", true)));
    }

    /** Probabilities of a request whose images, and answer, are binary (little-endian FP32 after a JSON header). */
    private static float[] inferBinary(String deck, float[] images, int count) throws IOException, InterruptedException {
        byte[] header = binaryHeader(count, images.length * Float.BYTES).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = HTTP.send(platform.gatewayRequest("/v2/models/" + deck + "/infer")
                .header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(header.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(BinaryTensorData.body(header, images))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElse(""));
        int jsonLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode output = JSON.readTree(Arrays.copyOf(response.body(), jsonLength)).get("outputs").get(0);
        assertEquals(count * 10 * Float.BYTES, output.get("parameters").get("binary_data_size").asInt());
        return BinaryTensorData.values(response.body(), jsonLength);
    }

    private static HttpResponse<String> postBinary(String path, byte[] body, String headerLength)
            throws IOException, InterruptedException {
        return HTTP.send(platform.gatewayRequest(path).header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", headerLength)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double[] probabilities(JsonNode response) {
        JsonNode output = response.get("outputs").get(0);
        assertEquals("probabilities", output.get("name").asText());
        JsonNode data = output.get("data");
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.get(i).asDouble();
        }
        return values;
    }

    /** Row {@code n} of 10 classes: equal within 1e-5, and summing to 1. */
    private static void assertRowEquals(double[] expected, double[] actual, int n) {
        double sum = 0;
        for (int c = 0; c < 10; c++) {
            assertEquals(expected[n * 10 + c], actual[n * 10 + c], 1e-5, "row " + n + ", class " + c);
            sum += actual[n * 10 + c];
        }
        assertEquals(1.0, sum, 1e-5);
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(platform.gatewayRequest(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String requestPruning(String modelId, double sparsity) throws IOException, InterruptedException {
        // keepDense []: every layer pruned, so the zeros are the sparsity of all the weights counted below.
        String body = JSON.writeValueAsString(Map.of("modelId", modelId, "method", "magnitude",
                "params", Map.of("sparsity", sparsity, "allocation", Map.of("type", "global"), "keepDense", List.of())));
        HttpResponse<String> response = HTTP.send(platform.gatewayRequest("/api/prune-jobs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    private static String resultOf(EventStream events, String jobId) throws InterruptedException {
        return events.await(e -> "PruneSucceeded".equals(e.type()) && jobId.equals(e.data().get("jobId").asText()),
                Duration.ofMinutes(3)).data().get("resultModelId").asText();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(platform.gatewayRequest(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] download(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(platform.gatewayRequest(path).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** Share of zeros among the Conv and Gemm weights (what magnitude pruning thins out), counted here. */
    private static double zeroShareOfWeights(OnnxModel model) {
        long zeros = 0;
        for (FloatTensor weight : weights(model)) {
            for (float w : weight.data()) {
                zeros += w == 0f ? 1 : 0;
            }
        }
        return (double) zeros / weightCount(model);
    }

    private static long weightCount(OnnxModel model) {
        return weights(model).stream().mapToLong(w -> w.data().length).sum();
    }

    private static List<FloatTensor> weights(OnnxModel model) {
        OnnxGraph graph = model.graph();
        return graph.nodes().stream()
                .filter(n -> Set.of("Conv", "Gemm").contains(n.opType()))
                .map(OnnxNode::inputs)
                .map(inputs -> graph.floatInitializer(inputs.get(1)))
                .toList();
    }

    private static JsonNode cardeckEval(Path model, Path suite) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CardeckCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute("eval", "--model", model.toString(), "--dataset", "fashion-mnist",
                "--suite", suite.toString(), "--limit", String.valueOf(SAMPLES_PER_CELL), "--json");
        assertEquals(0, status, err.toString());
        return JSON.readTree(out.toString());
    }

}
