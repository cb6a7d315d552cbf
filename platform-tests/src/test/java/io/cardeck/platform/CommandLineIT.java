package io.cardeck.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.cli.CardeckCommand;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.events.BinaryTensorData;
import io.cardeck.onnx.ModelDigest;
import io.cardeck.robustness.corruption.Corruptions;
import io.cardeck.zoo.NearestCentroid;
import java.awt.image.BufferedImage;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line over a running platform (the four services as packaged apps, a real Kafka broker,
 * the machine's PostgreSQL, real Fashion-MNIST): each command runs as a user runs it, through
 * {@link CardeckCommand#commandLine()}, and what it prints is checked against the gateway's own
 * answers to the same questions. Refusals are status 1 with the gateway's reason in one line; usage
 * errors are status 2.
 */
class CommandLineIT {

    private static final int SAMPLES_PER_CELL = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPOSITORY = Path.of(System.getProperty("cardeck.repository", "..")).toAbsolutePath().normalize();
    private static final Path LENET = REPOSITORY.resolve("models/lenet5-standard.onnx");

    @TempDir
    static Path home;

    private static LocalPlatform platform;
    private static String database;
    private static String gateway;
    /** The LeNet-5 uploaded by {@code cardeck models upload}, and a nearest-centroid model uploaded the same way. */
    private static String lenetId;
    private static String centroidId;

    record Run(int status, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        /** Status 1 and one line on stderr holding the gateway's status and {@code reason}. */
        void assertRefused(int httpStatus, String reason) {
            assertEquals(1, status, "stdout: " + out + "\nstderr: " + err);
            List<String> lines = err.strip().lines().toList();
            assertEquals(1, lines.size(), err);
            assertTrue(lines.get(0).contains("answered " + httpStatus + ": " + reason), lines.get(0) + " should hold: "
                    + httpStatus + ": " + reason);
        }
    }

    /** {@code cardeck ARGS --gateway URL}. */
    private static Run cardeck(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CardeckCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] withGateway = java.util.Arrays.copyOf(args, args.length + 4);
        withGateway[args.length] = "--gateway";
        withGateway[args.length + 1] = gateway;
        withGateway[args.length + 2] = "--api-key";
        withGateway[args.length + 3] = platform.adminKey();
        int status = commandLine.execute(withGateway);
        return new Run(status, out.toString(), err.toString());
    }

    @BeforeAll
    static void startPlatformAndUploadTwoModels() throws IOException {
        database = "cardeck_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        LocalPlatform.Settings settings = LocalPlatform.Settings.onFreePorts(database,
                Map.of("CARDECK_EVALUATOR_SAMPLES_PER_CELL", String.valueOf(SAMPLES_PER_CELL)));
        platform = LocalPlatform.start(REPOSITORY, home, settings, System.out::println);
        gateway = platform.service("gateway").url();

        Run lenet = cardeck("models", "upload", LENET.toString(), "--name", "cli-lenet5", "--json");
        assertEquals(0, lenet.status(), lenet.err());
        lenetId = lenet.json().get("id").asText();
        Path centroid = home.resolve("centroid.onnx");
        NearestCentroid.fit(DatasetCatalog.open("fashion-mnist").split("train"), "fashion-mnist", images -> { }).save(centroid);
        Run uploaded = cardeck("models", "upload", centroid.toString(), "--json");
        assertEquals(0, uploaded.status(), uploaded.err());
        centroidId = uploaded.json().get("id").asText();
        assertEquals("centroid", uploaded.json().get("name").asText(), "the name defaults to the file's");
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        new LocalPostgres().dropDatabase(database);
    }

    @Test
    void modelsListUploadAndDownload() throws Exception {
        JsonNode model = api("/api/models/" + lenetId);
        assertEquals("cli-lenet5", model.get("name").asText());
        assertEquals(ModelDigest.sha256(Files.readAllBytes(LENET)), model.get("sha256").asText());

        Run list = cardeck("models", "list", "--json");
        assertEquals(0, list.status(), list.err());
        assertEquals(api("/api/models"), list.json());
        Run table = cardeck("models", "list");
        assertTrue(table.out().contains(lenetId) && table.out().contains("cli-lenet5"), table.out());

        Path downloaded = home.resolve("downloaded/lenet5.onnx");
        Run download = cardeck("models", "download", lenetId, "--out", downloaded.toString(), "--json");
        assertEquals(0, download.status(), download.err());
        assertArrayEquals(Files.readAllBytes(LENET), Files.readAllBytes(downloaded));
        assertEquals(model.get("sha256").asText(), download.json().get("sha256").asText());

        String unknown = UUID.randomUUID().toString();
        cardeck("models", "download", unknown, "--out", home.resolve("x.onnx").toString())
                .assertRefused(404, error("/api/models/" + unknown));
        cardeck("models", "download", "not-an-id", "--out", home.resolve("x.onnx").toString())
                .assertRefused(400, error("/api/models/not-an-id"));
        cardeck("models", "upload", LENET.toString(), "--dataset", "imagenet").assertRefused(400, "");
        Path notOnnx = Files.writeString(home.resolve("notes.onnx"), "not a model");
        cardeck("models", "upload", notOnnx.toString(), "--dataset", "fashion-mnist", "--labels", "a,b")
                .assertRefused(415, "");
        assertEquals(2, cardeck("models", "list", "--colour").status(), "an unknown option is a usage error");
    }

    @Test
    void evaluationsShowTheGatewaysFiguresAndItsCsv() throws Exception {
        String evaluationId = succeededEvaluation(lenetId);
        JsonNode evaluation = api("/api/evaluations/" + evaluationId);

        Run byModel = cardeck("evaluations", "show", "--model", lenetId, "--json");
        assertEquals(0, byModel.status(), byModel.err());
        assertEquals(evaluation, byModel.json());

        Path csv = home.resolve("cells/lenet5.csv");
        Run shown = cardeck("evaluations", "show", evaluationId, "--csv", csv.toString());
        assertEquals(0, shown.status(), shown.err());
        assertTrue(shown.out().contains(String.format("clean accuracy     %6.2f%%", 100 * evaluation.get("cleanAccuracy").asDouble())),
                shown.out());
        assertTrue(shown.out().contains(String.format("robust accuracy    %6.2f%%", 100 * evaluation.get("robustAccuracy").asDouble())),
                shown.out());
        for (JsonNode cell : evaluation.get("cells")) {
            assertTrue(shown.out().contains(cell.get("corruption").asText()), cell.toString());
        }

        List<String> rows = Files.readAllLines(csv);
        assertEquals("model,corruption,severity,images,accuracy", rows.get(0));
        JsonNode cells = evaluation.get("cells");
        assertEquals(cells.size() + 1, rows.size());
        for (int i = 0; i < cells.size(); i++) {
            String[] fields = rows.get(i + 1).split(",");
            JsonNode cell = cells.get(i);
            assertEquals(lenetId, fields[0]);
            assertEquals(cell.get("corruption").asText(), fields[1]);
            assertEquals(cell.get("severity").asInt(), Integer.parseInt(fields[2]));
            assertEquals(SAMPLES_PER_CELL, Integer.parseInt(fields[3]));
            assertEquals(cell.get("accuracy").asDouble(), Double.parseDouble(fields[4]), 5e-7, rows.get(i + 1));
        }
        HttpResponse<String> byQuery = get("/api/evaluations/" + evaluationId + "?format=csv");
        assertEquals(200, byQuery.statusCode());
        assertTrue(byQuery.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals(Files.readString(csv), byQuery.body(), "Accept: text/csv and ?format=csv answer the same");

        String unknown = UUID.randomUUID().toString();
        cardeck("evaluations", "show", unknown).assertRefused(404, error("/api/evaluations/" + unknown));
        cardeck("evaluations", "show", "--model", "m.1").assertRefused(400, error("/api/evaluations?modelId=m.1"));
        assertEquals(2, cardeck("evaluations", "show").status());
    }

    @Test
    void jobsAreWatchedToTheirEndAndCancelled() throws Exception {
        String finished = requestPruning(Map.of("sparsity", 0.5));
        Run watch = cardeck("jobs", "watch", finished, "--json");
        assertEquals(0, watch.status(), watch.err());
        assertEquals("SUCCEEDED", watch.json().get("status").asText());
        assertEquals(api("/api/prune-jobs/" + finished), watch.json());
        cardeck("jobs", "cancel", finished).assertRefused(409, error("/api/prune-jobs/" + finished + "/cancel", "POST"));

        // Fine-tuning keeps this one running long enough to be cancelled.
        String cancelled = requestPruning(Map.of("sparsity", 0.5, "recovery", Map.of("finetune", Map.of("epochs", 5))));
        Run cancel = cardeck("jobs", "cancel", cancelled, "--json");
        assertEquals(0, cancel.status(), cancel.err());
        assertEquals(cancelled, cancel.json().get("id").asText());
        Run watchCancelled = cardeck("jobs", "watch", cancelled);
        assertEquals(1, watchCancelled.status(), watchCancelled.err());
        assertTrue(watchCancelled.err().contains("prune job " + cancelled + " ended CANCELLED"), watchCancelled.err());
        assertEquals("CANCELLED", api("/api/prune-jobs/" + cancelled).get("status").asText());

        String unknown = UUID.randomUUID().toString();
        cardeck("jobs", "watch", unknown).assertRefused(404, error("/api/prune-jobs/" + unknown));
        cardeck("jobs", "cancel", "job-1").assertRefused(400, error("/api/prune-jobs/job-1/cancel", "POST"));
    }

    @Test
    void decksAreCreatedShownAskedAndDeleted() throws Exception {
        Run created = cardeck("deck", "create", "cli-deck", "--member", lenetId + "=standard", "--member", centroidId + "=gauss",
                "--gating", "mode=gated", "--gating", "k=1", "--json");
        assertEquals(0, created.status(), created.err());
        JsonNode deck = api("/api/decks/cli-deck");
        // Members' figures may arrive from an evaluation between the two answers; who they are may not change.
        assertEquals(memberships(deck), memberships(created.json()));
        assertEquals(List.of(lenetId + "=standard", centroidId + "=gauss"), memberships(deck));
        Run shown = cardeck("deck", "show", "cli-deck", "--json");
        assertEquals(0, shown.status(), shown.err());
        assertEquals(deck.get("name"), shown.json().get("name"));
        assertEquals(deck.get("gating"), shown.json().get("gating"));
        Run text = cardeck("deck", "show", "cli-deck");
        assertTrue(text.out().contains(lenetId) && text.out().contains(centroidId) && text.out().contains("gauss"), text.out());

        cardeck("deck", "create", "cli-deck", "--member", lenetId + "=standard").assertRefused(409, "");
        cardeck("deck", "create", "cli-other", "--member", lenetId + "=standard", "--gating", "mode=sometimes")
                .assertRefused(400, "");
        cardeck("deck", "show", "no-such-deck").assertRefused(404, error("/api/decks/no-such-deck"));

        ImageDataset test = DatasetCatalog.open("fashion-mnist").split("test");
        float[] noisy = Corruptions.byName("gaussian_noise").apply(test.image(3), test.shape(), 5, new SplittableRandom(0));
        assertInferred(cardeck("infer", "--deck", "cli-deck", "--dataset", "fashion-mnist", "--index", "3",
                "--corruption", "gaussian_noise", "--severity", "5", "--json"), infer("cli-deck", noisy), test.label(3));
        Path png = home.resolve("test-3.png");
        writeGrayPng(test, 3, png);
        assertInferred(cardeck("infer", "--deck", "cli-deck", "--image", png.toString(), "--json"),
                infer("cli-deck", test.image(3)), null);
        assertTheReadmesSampleRequestsAnswerAsTheirImage("cli-deck", test.image(0));
        Run inferText = cardeck("infer", "--deck", "cli-deck", "--dataset", "fashion-mnist", "--index", "3");
        assertEquals(0, inferText.status(), inferText.err());
        assertTrue(inferText.out().contains("members used") && inferText.out().contains("gate distances"), inferText.out());
        cardeck("infer", "--deck", "no-such-deck", "--dataset", "fashion-mnist", "--index", "0")
                .assertRefused(404, error("/v2/models/no-such-deck"));
        assertEquals(2, cardeck("infer", "--deck", "cli-deck", "--dataset", "fashion-mnist", "--index", "0",
                "--corruption", "fog", "--severity", "9").status());
        Run saturated = cardeck("infer", "--deck", "cli-deck", "--dataset", "fashion-mnist", "--index", "0",
                "--corruption", "saturate", "--severity", "3");
        assertEquals(2, saturated.status(), saturated.err());
        assertTrue(saturated.err().contains("saturate is not defined for images with 1 channel(s)"), saturated.err());

        Run deleted = cardeck("deck", "delete", "cli-deck");
        assertEquals(0, deleted.status(), deleted.err());
        assertEquals(404, get("/api/decks/cli-deck").statusCode());
        cardeck("deck", "delete", "cli-deck").assertRefused(404, error("/api/decks/cli-deck"));
    }

    private static List<String> memberships(JsonNode deck) {
        List<String> members = new java.util.ArrayList<>();
        deck.get("members").forEach(m -> members.add(m.get("modelId").asText() + "=" + m.get("domain").asText()));
        return members;
    }

    /** The command's answer against the gateway's JSON answer for the same image. */
    /** docs/samples, posted as the README shows them (`cardeck infer --save-request` wrote them), answer as the image does. */
    private static void assertTheReadmesSampleRequestsAnswerAsTheirImage(String deck, float[] image) throws Exception {
        JsonNode direct = infer(deck, image).get("outputs").get(0).get("data");
        HttpResponse<String> json = HTTP.send(platform.gatewayRequest("/v2/models/" + deck + "/infer")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(REPOSITORY.resolve("docs/samples/fashion-mnist-test-0.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, json.statusCode(), json.body());
        assertEquals(direct, JSON.readTree(json.body()).get("outputs").get(0).get("data"));
        byte[] sample = Files.readAllBytes(REPOSITORY.resolve("docs/samples/fashion-mnist-test-0.bin"));
        int headerLength = sample.length - image.length * Float.BYTES;
        HttpResponse<byte[]> binary = HTTP.send(platform.gatewayRequest("/v2/models/" + deck + "/infer")
                .header("Content-Type", "application/octet-stream")
                .header(BinaryTensorData.HEADER, Integer.toString(headerLength))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, binary.statusCode(), new String(binary.body(), StandardCharsets.UTF_8));
        int answerHeader = BinaryTensorData.headerLength(binary.headers().firstValue(BinaryTensorData.HEADER).orElseThrow())
                .orElseThrow();
        float[] probabilities = BinaryTensorData.values(binary.body(), answerHeader);
        assertEquals(direct.size(), probabilities.length);
        for (int c = 0; c < probabilities.length; c++) {
            assertEquals(direct.get(c).floatValue(), probabilities[c], "class " + c);
        }
    }

    private static void assertInferred(Run run, JsonNode api, Integer trueClass) {
        assertEquals(0, run.status(), run.err());
        JsonNode answer = run.json();
        JsonNode probabilities = api.get("outputs").get(0).get("data");
        int best = 0;
        for (int c = 1; c < probabilities.size(); c++) {
            best = probabilities.get(c).asDouble() > probabilities.get(best).asDouble() ? c : best;
        }
        assertEquals(best, answer.get("predictedClass").asInt());
        for (int c = 0; c < probabilities.size(); c++) {
            assertEquals(probabilities.get(c).asDouble(), answer.get("probabilities").get(c).asDouble(), 1e-6);
        }
        JsonNode parameters = api.get("parameters");
        assertEquals(parameters.get("members_used"), answer.get("membersUsed"));
        assertEquals(parameters.get("chosen_domains").get(0), answer.get("chosenDomains"));
        for (int d = 0; d < parameters.get("domains").size(); d++) {
            assertEquals(parameters.get("gate_distances").get(0).get(d).asDouble(),
                    answer.get("gateDistances").get(parameters.get("domains").get(d).asText()).asDouble(), 1e-9);
        }
        if (trueClass != null) {
            assertEquals(trueClass.intValue(), answer.get("trueClass").asInt());
        }
    }

    private static void writeGrayPng(ImageDataset images, int index, Path file) throws IOException {
        byte[] pixels = new byte[images.shape().size()];
        images.readPixels(index, pixels, 0);
        BufferedImage image = new BufferedImage(images.shape().width(), images.shape().height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, images.shape().width(), images.shape().height(), pixels);
        ImageIO.write(image, "png", file.toFile());
    }

    private static JsonNode infer(String deck, float[] image) throws IOException, InterruptedException {
        Map<String, Object> input = Map.of("name", "input", "datatype", "FP32", "shape", List.of(1, 1, 28, 28), "data", image);
        HttpResponse<String> response = HTTP.send(platform.gatewayRequest("/v2/models/" + deck + "/infer")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("inputs", List.of(input))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** The model's SUCCEEDED evaluation's id, waiting for it as the evaluator-service works. */
    private static String succeededEvaluation(String modelId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode evaluation : api("/api/evaluations?modelId=" + modelId)) {
                if ("SUCCEEDED".equals(evaluation.get("status").asText())) {
                    return evaluation.get("id").asText();
                }
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("no SUCCEEDED evaluation of " + modelId + " within 10 minutes");
    }

    private static String requestPruning(Map<String, Object> params) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("modelId", lenetId, "method", "magnitude", "params", params));
        HttpResponse<String> response = HTTP.send(platform.gatewayRequest("/api/prune-jobs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    private static JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /** The gateway's own error text for {@code method path}, for comparison with what a command says. */
    private static String error(String path, String method) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(platform.gatewayRequest(path)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("error").asText();
    }

    private static String error(String path) throws IOException, InterruptedException {
        return error(path, "GET");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(platform.gatewayRequest(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

}
