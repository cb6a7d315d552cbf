package io.cardeck.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.cli.CardeckCommand;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cardeck demo}, the README's first command, end to end on a small image count: it runs as its
 * own process against a running platform it did not start, with a zoo of the LeNet-5 models and their
 * LRR CARDs, given only what a user of a deployed platform has: the gateway's URL and an admin key
 * ({@code $CARDECK_API_KEY}). No internal service's address reaches it, and its home is not the
 * platform's, so the zoo is registered through the gateway as everything else is. Each
 * model's row must hold the evaluator's robust accuracy for that model (same images: the demo's
 * {@code --images} equals the evaluator's samples per cell) and the clean accuracy ONNX Runtime gives
 * on the same test images; each deck's row what the inference API answers for the same images.
 */
class DemoIT {

    private static final int IMAGES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPOSITORY = Path.of(System.getProperty("cardeck.repository", "..")).toAbsolutePath().normalize();
    private static final List<String> DOMAINS = List.of("standard", "gauss", "augmix");

    @TempDir
    static Path home;

    private static LocalPlatform platform;
    private static String database;

    @BeforeAll
    static void startPlatform() {
        database = "cardeck_demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        platform = LocalPlatform.start(REPOSITORY, home.resolve("platform"), LocalPlatform.Settings.onFreePorts(database,
                Map.of("CARDECK_EVALUATOR_SAMPLES_PER_CELL", String.valueOf(IMAGES))), System.out::println);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        new LocalPostgres().dropDatabase(database);
    }

    @Test
    void theDemosTableHoldsTheEvaluatorsFiguresForEachModelAndTheInferenceApisForEachDeck() throws Exception {
        Path models = lenetZoo();
        Path demoHome = home.resolve("demo");
        String gateway = platform.service("gateway").url();
        JsonNode rows;
        try (CardeckProcess demo = CardeckProcess.start(REPOSITORY, Map.of("CARDECK_HOME", demoHome.toString(),
                "CARDECK_API_KEY", platform.adminKey()), home.resolve("demo.err"), "demo", "--gateway", gateway,
                "--models", models.toString(), "--sparsities", "0.5", "--images", String.valueOf(IMAGES), "--json")) {
            assertEquals(0, demo.awaitExit(Duration.ofMinutes(25)), Files.readString(home.resolve("demo.err")));
            rows = JSON.readTree(demo.out());
        }
        String said = Files.readString(home.resolve("demo.err"));
        assertTrue(said.contains("1/6 platform: using the one running at " + gateway), said);
        assertTrue(said.contains("2/6 zoo: 6 model(s) registered now, 0 already there"), said);
        assertFalse(Files.exists(demoHome.resolve("kafka")) || Files.exists(demoHome.resolve("logs")),
                "the demo started no platform of its own: " + demoHome);
        for (JsonNode model : api("/api/models")) {
            if (model.get("name").asText().matches("lenet5-[a-z]+(-lrr90)?")) {
                assertEquals("ZOO", model.get("origin").asText(), model.toString());
                assertTrue(model.get("hasCard").asBoolean(), model.toString());
            }
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        rows.forEach(row -> byName.put(row.get("name").asText(), row));
        Set<String> expected = new TreeSet<>(Set.of("deck gated", "deck average", "deck single", "deck of CARDs gated"));
        for (String domain : DOMAINS) {
            expected.addAll(List.of("lenet5-" + domain, "lenet5-" + domain + "-m50", "lenet5-" + domain + "-lrr90"));
        }
        assertEquals(expected, new TreeSet<>(byName.keySet()));

        JsonNode platformModels = api("/api/models");
        Map<String, String> ids = new LinkedHashMap<>();
        platformModels.forEach(model -> ids.put(model.get("name").asText(), model.get("id").asText()));
        for (String domain : DOMAINS) {
            String dense = "lenet5-" + domain;
            String card = dense + "-lrr90";
            assertModelRow(byName.get(dense), ids.get(dense));
            assertModelRow(byName.get(card), ids.get(card));
            // The demo's pruned model: the dense model's child that is not its CARD.
            List<String> pruned = new ArrayList<>();
            platformModels.forEach(model -> {
                if (ids.get(dense).equals(model.path("parentId").asText()) && !model.get("name").asText().equals(card)) {
                    pruned.add(model.get("id").asText());
                }
            });
            assertEquals(1, pruned.size(), "one pruned model of " + dense + ": " + platformModels);
            assertModelRow(byName.get(dense + "-m50"), pruned.get(0));
        }

        ImageDataset test = DatasetCatalog.open("fashion-mnist").split("test").firstImages(IMAGES);
        CorruptionSuite suite = CorruptionSuite.open(demoHome.resolve("suites").resolve("fashion-mnist-test-" + IMAGES + "-seed0"));
        Map<String, String> decks = Map.of("deck gated", "demo-lenet5-gated", "deck average", "demo-lenet5-average",
                "deck single", "demo-lenet5-single", "deck of CARDs gated", "demo-lenet5-cards-gated");
        for (Map.Entry<String, String> deck : decks.entrySet()) {
            JsonNode row = byName.get(deck.getKey());
            assertEquals(accuracy(deck.getValue(), test), row.get("cleanAccuracy").asDouble(), 0.0, deck.getKey());
            for (String corruption : List.of("gaussian_noise", "fog", "contrast")) {
                assertEquals(accuracy(deck.getValue(), suite.cell(corruption, 3)), row.get("sent").get(corruption).asDouble(),
                        0.0, deck.getKey() + ", " + corruption);
            }
        }
    }

    /** The row's robust accuracy is the evaluator's; its clean accuracy what `cardeck eval` gives on the same images. */
    private static void assertModelRow(JsonNode row, String modelId) throws Exception {
        assertTrue(modelId != null, "the platform holds the model of row " + row);
        JsonNode evaluation = null;
        for (JsonNode candidate : api("/api/evaluations?modelId=" + modelId)) {
            if ("SUCCEEDED".equals(candidate.get("status").asText())) {
                evaluation = candidate;
            }
        }
        assertTrue(evaluation != null, "the demo waited for the evaluation of " + row.get("name"));
        assertEquals(evaluation.get("robustAccuracy").asDouble(), row.get("robustAccuracy").asDouble(), 1e-9,
                row.get("name").asText());
        Path file = home.resolve(modelId + ".onnx");
        Files.write(file, HTTP.send(platform.gatewayRequest("/api/models/" + modelId + "/onnx").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());
        StringWriter out = new StringWriter();
        int status = CardeckCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
                .execute("eval", "--model", file.toString(), "--dataset", "fashion-mnist", "--limit", String.valueOf(IMAGES),
                        "--json");
        assertEquals(0, status, out.toString());
        assertEquals(JSON.readTree(out.toString()).get("clean").get("accuracy").asDouble(),
                row.get("cleanAccuracy").asDouble(), 1e-12, row.get("name").asText());
    }

    /** The share of {@code images} the deck classifies right, asked in one JSON request. */
    private static double accuracy(String deck, ImageDataset images) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode input = request.putArray("inputs").addObject().put("name", "input").put("datatype", "FP32");
        input.putArray("shape").add(images.size()).add(1).add(28).add(28);
        ArrayNode data = input.putArray("data");
        for (float value : images.images(0, images.size())) {
            data.add(value);
        }
        HttpResponse<String> response = HTTP.send(platform.gatewayRequest("/v2/models/" + deck + "/infer")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode probabilities = JSON.readTree(response.body()).get("outputs").get(0).get("data");
        int classes = probabilities.size() / images.size();
        int correct = 0;
        for (int n = 0; n < images.size(); n++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                best = probabilities.get(n * classes + c).floatValue() > probabilities.get(n * classes + best).floatValue() ? c : best;
            }
            correct += best == images.label(n) ? 1 : 0;
        }
        return (double) correct / images.size();
    }

    /** The LeNet-5 part of the committed zoo (three dense models, their LRR CARDs at 90%), as a manifest folder of its own. */
    private static Path lenetZoo() throws IOException {
        Path folder = Files.createDirectories(home.resolve("zoo"));
        JsonNode manifest = JSON.readTree(REPOSITORY.resolve("models/manifest.json").toFile());
        ObjectNode zoo = JSON.createObjectNode();
        ArrayNode models = zoo.putArray("models");
        ArrayNode cards = zoo.putArray("cards");
        for (JsonNode model : manifest.get("models")) {
            if (model.get("name").asText().startsWith("lenet5-")) {
                models.add(model);
                copy(model.get("file").asText(), folder);
            }
        }
        for (JsonNode card : manifest.get("cards")) {
            if (card.get("name").asText().matches("lenet5-[a-z]+-lrr90")) {
                cards.add(card);
                copy(card.get("file").asText(), folder);
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("manifest.json").toFile(), zoo);
        return folder;
    }

    private static void copy(String file, Path folder) throws IOException {
        Path target = folder.resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(REPOSITORY.resolve("models").resolve(file), target);
    }

    private static JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(platform.gatewayRequest(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
