package io.cardeck.ensemble.it;

import static io.cardeck.ensemble.it.Requests.createDeck;
import static io.cardeck.ensemble.it.Requests.deck;
import static io.cardeck.ensemble.it.Requests.infer;
import static io.cardeck.ensemble.it.Requests.uniqueName;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.data.ImageShape;
import io.cardeck.deck.gate.ReferenceSpectra;
import io.cardeck.events.BinaryTensorData;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.metrics.spectrum.FourierAmplitude;
import io.cardeck.metrics.spectrum.Spectrum;
import io.cardeck.onnx.runtime.ReferenceProbabilities;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Decks served through the Open Inference Protocol, checked against direct ONNX Runtime runs of their members. */
@QuarkusTest
@TestProfile(EnsembleTestProfile.class)
class DeckServingIT {

    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);
    private static final int CLASSES = 10;

    @Inject
    TestRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    private UUID lenet() {
        return registry.register("lenet5-standard", TestModels.lenet(), TestModels.labels(), TestModels.INPUT_SHAPE);
    }

    private UUID centroid() {
        return registry.register("nearest-centroid", TestModels.centroid(), TestModels.labels(), TestModels.INPUT_SHAPE);
    }

    private static JsonNode json(Response response) {
        try {
            return Requests.JSON.readTree(response.asString());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    private static JsonNode inferOk(String deck, float[] images, int count, boolean nested) {
        Response response = infer(deck, Requests.infer("request-1", images, count, nested));
        assertEquals(200, response.statusCode(), response.asString());
        JsonNode body = json(response);
        assertEquals(deck, body.get("model_name").asText());
        assertEquals("request-1", body.get("id").asText());
        JsonNode output = body.get("outputs").get(0);
        assertEquals("probabilities", output.get("name").asText());
        assertEquals("[" + count + "," + CLASSES + "]", output.get("shape").toString());
        return body;
    }

    private static double[] probabilities(JsonNode body) {
        JsonNode data = body.get("outputs").get(0).get("data");
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.get(i).asDouble();
        }
        return values;
    }

    private static void assertRowsSumToOne(double[] probabilities) {
        for (int row = 0; row < probabilities.length / CLASSES; row++) {
            double sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                sum += probabilities[row * CLASSES + c];
            }
            assertEquals(1.0, sum, 1e-5, "row " + row);
        }
    }

    private static double maxDifference(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void anAverageDeckAnswersTheMeanSoftmaxOfItsMembers() {
        UUID standard = lenet();
        UUID gauss = centroid();
        String name = uniqueName("average");
        Response created = createDeck(deck(name, "average", 1, "sample",
                List.of(new Requests.Member(standard, "standard"), new Requests.Member(gauss, "gauss"))));
        assertEquals(201, created.statusCode(), created.asString());
        assertEquals("[\"standard\",\"gauss\"]", json(created).get("domains").toString());

        float[] images = TestModels.images(null, 0, 0, 8);
        double[] expectedLenet = ReferenceProbabilities.of(TestModels.lenet(), images, 8);
        double[] expectedCentroid = ReferenceProbabilities.of(TestModels.centroid(), images, 8);
        double[] expected = new double[expectedLenet.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (expectedLenet[i] + expectedCentroid[i]) / 2;
        }
        for (boolean nested : new boolean[] {true, false}) {
            JsonNode body = inferOk(name, images, 8, nested);
            double[] probabilities = probabilities(body);
            assertRowsSumToOne(probabilities);
            assertTrue(maxDifference(expected, probabilities) < 1e-5, "max |difference| " + maxDifference(expected, probabilities));
            assertEquals(List.of(standard.toString(), gauss.toString()),
                    Requests.JSON.convertValue(body.get("parameters").get("members_used"), List.class));
        }
    }

    /** The probabilities of a binary answer: little-endian FP32 after the JSON header the response header measures. */
    private static float[] binaryProbabilities(Response response, int count) throws Exception {
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("application/octet-stream", response.contentType());
        int headerLength = Integer.parseInt(response.header("Inference-Header-Content-Length"));
        byte[] bytes = response.asByteArray();
        JsonNode output = Requests.JSON.readTree(Arrays.copyOf(bytes, headerLength)).get("outputs").get(0);
        assertEquals(count * CLASSES * Float.BYTES, output.get("parameters").get("binary_data_size").asInt());
        assertTrue(output.get("data") == null, "no inline data in a binary answer");
        assertEquals(headerLength + count * CLASSES * Float.BYTES, bytes.length);
        return BinaryTensorData.values(bytes, headerLength);
    }

    @Test
    void binaryTensorDataAnswersExactlyAsJsonDoes() throws Exception {
        String name = uniqueName("binary");
        assertEquals(201, createDeck(deck(name, "average", 1, "sample",
                List.of(new Requests.Member(lenet(), "standard"), new Requests.Member(centroid(), "gauss")))).statusCode());
        float[] images = TestModels.images(null, 0, 0, 5);
        double[] jsonAnswer = probabilities(inferOk(name, images, 5, false));
        byte[] data = Requests.littleEndian(images);

        Response binaryIn = infer(name, Requests.BinaryBody.of(Requests.binaryHeader("request-1", 5, data.length, false), data));
        assertEquals(200, binaryIn.statusCode(), binaryIn.asString());
        assertEquals(0.0, maxDifference(jsonAnswer, probabilities(json(binaryIn))));

        float[] binaryBoth = binaryProbabilities(
                infer(name, Requests.BinaryBody.of(Requests.binaryHeader("request-1", 5, data.length, true), data)), 5);
        ObjectNode jsonInBinaryOut = (ObjectNode) Requests.JSON.readTree(Requests.infer("request-1", images, 5, true));
        jsonInBinaryOut.putObject("parameters").put("binary_data_output", true);
        float[] binaryOut = binaryProbabilities(infer(name, jsonInBinaryOut.toString()), 5);
        for (int i = 0; i < jsonAnswer.length; i++) {
            assertEquals((float) jsonAnswer[i], binaryBoth[i], "value " + i);
            assertEquals((float) jsonAnswer[i], binaryOut[i], "value " + i);
        }
    }

    @Test
    void aGatedDeckRoutesEachImageToTheDomainOfTheClosestReferenceSpectrum() {
        UUID standard = lenet();
        UUID gauss = centroid();
        String name = uniqueName("gated");
        Response created = createDeck(deck(name, "gated", 1, "sample",
                List.of(new Requests.Member(standard, "standard"), new Requests.Member(gauss, "gauss"))));
        assertEquals(201, created.statusCode(), created.asString());

        // The references as the service is configured to compute them, and each image's distance to them, computed here.
        Map<String, Spectrum> references = new LinkedHashMap<>();
        for (String domain : List.of("standard", "gauss")) {
            references.put(domain, ReferenceSpectra.of(TestModels.train(), EnsembleTestProfile.CALIBRATION_IMAGES,
                    TrainingDomains.byName(domain), EnsembleTestProfile.CALIBRATION_SEED));
        }
        FourierAmplitude fourier = new FourierAmplitude(SHAPE);
        for (String corruption : List.of("gaussian_noise", "fog")) {
            float[] images = TestModels.images(corruption, corruption.equals("fog") ? 3 : 5, 0, 8);
            JsonNode body = inferOk(name, images, 8, false);
            JsonNode parameters = body.get("parameters");
            assertEquals("[\"standard\",\"gauss\"]", parameters.get("domains").toString());
            double[] probabilities = probabilities(body);
            assertRowsSumToOne(probabilities);
            double[] fromLenet = ReferenceProbabilities.of(TestModels.lenet(), images, 8);
            double[] fromCentroid = ReferenceProbabilities.of(TestModels.centroid(), images, 8);
            List<String> chosen = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                Spectrum input = fourier.logAmplitude(Arrays.copyOfRange(images, n * SHAPE.size(), (n + 1) * SHAPE.size()));
                double toStandard = input.l1Distance(references.get("standard"));
                double toGauss = input.l1Distance(references.get("gauss"));
                JsonNode distances = parameters.get("gate_distances").get(n);
                assertEquals(toStandard, distances.get(0).asDouble(), 1e-9);
                assertEquals(toGauss, distances.get(1).asDouble(), 1e-9);
                String closest = toGauss < toStandard ? "gauss" : "standard";
                chosen.add(parameters.get("chosen_domains").get(n).get(0).asText());
                assertEquals(closest, chosen.get(n), corruption + " image " + n);
                double[] member = closest.equals("gauss") ? fromCentroid : fromLenet;
                for (int c = 0; c < CLASSES; c++) {
                    assertEquals(member[n * CLASSES + c], probabilities[n * CLASSES + c], 1e-5);
                }
            }
            if (corruption.equals("gaussian_noise")) {
                assertEquals(List.of("gauss", "gauss", "gauss", "gauss", "gauss", "gauss", "gauss", "gauss"), chosen,
                        "strong noise is closest to the Gaussian-noise domain");
            }
        }
    }

    @Test
    void batchGranularityDecidesOnceForTheWholeRequest() {
        String name = uniqueName("batch");
        assertEquals(201, createDeck(deck(name, "gated", 1, "batch",
                List.of(new Requests.Member(lenet(), "standard"), new Requests.Member(centroid(), "gauss")))).statusCode());
        JsonNode parameters = inferOk(name, TestModels.images("gaussian_noise", 5, 0, 6), 6, false).get("parameters");
        assertEquals(1, parameters.get("gate_distances").size());
        for (JsonNode row : parameters.get("chosen_domains")) {
            assertEquals("[\"gauss\"]", row.toString());
        }
    }

    @Test
    void aSingleDeckWaitsForAnEvaluationThenUsesItsMostRobustMember() {
        UUID standard = lenet();
        UUID gauss = centroid();
        String name = uniqueName("single");
        assertEquals(201, createDeck(deck(name, "single", 1, "sample",
                List.of(new Requests.Member(standard, "standard"), new Requests.Member(gauss, "gauss")))).statusCode());
        given().get("/v2/models/" + name + "/ready").then().statusCode(503);
        Response early = infer(name, Requests.infer("r", TestModels.images(null, 0, 0, 1), 1, false));
        assertEquals(409, early.statusCode(), early.asString());
        assertTrue(json(early).get("error").asText().contains("evaluated"), early.asString());

        UUID centroidEvent = UUID.randomUUID();
        KafkaBus.send(new EvaluationCompleted(UUID.randomUUID(), Instant.now(), "e1", standard.toString(), 0.9, 0.8, 0.02, 10, 10, 0.1));
        KafkaBus.send(new EvaluationCompleted(centroidEvent, Instant.now(), "e2", gauss.toString(), 0.7, 0.55, 0.05, 10, 10, 0.1));
        Await.condition("both members' figures in the deck description", Duration.ofSeconds(60), () -> {
            JsonNode members = json(given().get("/decks/" + name)).get("members");
            return !members.get(0).get("robustAccuracy").isNull() && !members.get(1).get("robustAccuracy").isNull();
        });
        // A redelivered event is applied once: its changed figures do not count.
        KafkaBus.send(new EvaluationCompleted(centroidEvent, Instant.now(), "e2", gauss.toString(), 0.99, 0.95, 0.01, 10, 10, 0.1));
        UUID marker = UUID.randomUUID();
        KafkaBus.send(new EvaluationCompleted(UUID.randomUUID(), Instant.now(), "e3", marker.toString(), 0.5, 0.5, 0.1, 10, 10, 0.1));
        Await.condition("the later event consumed", Duration.ofSeconds(60), () -> Facts.robustAccuracy(marker) != null);
        JsonNode members = json(given().get("/decks/" + name)).get("members");
        assertEquals(0.8, members.get(0).get("robustAccuracy").asDouble(), 1e-12);
        assertEquals(0.9, members.get(0).get("cleanAccuracy").asDouble(), 1e-12);
        assertEquals(0.55, members.get(1).get("robustAccuracy").asDouble(), 1e-12);

        Await.condition("the deck ready", Duration.ofSeconds(30),
                () -> given().get("/v2/models/" + name + "/ready").statusCode() == 200);
        JsonNode body = inferOk(name, TestModels.images("fog", 2, 0, 3), 3, false);
        assertEquals("[\"" + standard + "\"]", body.get("parameters").get("members_used").toString());
    }

    @Test
    void aDeckStoredByAnotherInstanceHasItsMembersLoadedWithItNotByItsFirstBatch() throws SQLException {
        String template = uniqueName("template");
        assertEquals(201, createDeck(deck(template, "average", 1, "sample", List.of(new Requests.Member(lenet(), "standard"))))
                .statusCode());
        // The same deck as another instance would have stored it, with a member this instance has never loaded.
        UUID member = lenet();
        String name = uniqueName("elsewhere");
        try (Connection connection = dataSource.getConnection()) {
            execute(connection, "INSERT INTO decks (name, mode, k, granularity, distance, channels, height, width, labels, dataset,"
                    + " calibration_images, calibration_seed, created_at, feature, bands, weighting, temperature)"
                    + " SELECT ?, mode, k, granularity, distance, channels, height, width, labels, dataset, calibration_images,"
                    + " calibration_seed, created_at, feature, bands, weighting, temperature FROM decks WHERE name = ?", name, template);
            execute(connection, "INSERT INTO deck_cards (deck, position, model_id, model_name, model_sha256, domain)"
                    + " SELECT ?, position, ?, model_name, model_sha256, domain FROM deck_cards WHERE deck = ?", name, member, template);
            execute(connection, "INSERT INTO domain_references (deck, domain, height, width, spectrum)"
                    + " SELECT ?, domain, height, width, spectrum FROM domain_references WHERE deck = ?", name, template);
        }
        assertEquals(0, registry.onnxFetches(member));

        assertEquals(200, given().get("/v2/models/" + name + "/ready").statusCode());
        assertEquals(1, registry.onnxFetches(member), "the member is fetched when the deck is loaded");

        inferOk(name, TestModels.images(null, 0, 0, 2), 2, false);
        assertEquals(1, registry.onnxFetches(member), "and not again by the first batch");
    }

    private static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            assertEquals(1, statement.executeUpdate(), sql);
        }
    }

    @Test
    void metadataDescribesTheDeckAsAModel() {
        String name = uniqueName("meta");
        UUID standard = lenet();
        assertEquals(201, createDeck(deck(name, "average", 1, "sample", List.of(new Requests.Member(standard, "standard"))))
                .statusCode());
        JsonNode metadata = json(given().get("/v2/models/" + name));
        assertEquals(name, metadata.get("name").asText());
        assertEquals("{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,1,28,28]}", metadata.get("inputs").get(0).toString());
        assertEquals("{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,10]}",
                metadata.get("outputs").get(0).toString());
        assertEquals(standard.toString(), metadata.get("parameters").get("members").get(0).get("modelId").asText());
        given().get("/v2/models/" + name + "/ready").then().statusCode(200);
        given().get("/v2/health/live").then().statusCode(200);
        given().get("/v2/health/ready").then().statusCode(200);
        given().get("/v2/models/no-such-deck").then().statusCode(404);
        given().get("/v2/models/no-such-deck/ready").then().statusCode(404);
    }

    /** The mean log-amplitude of each of 3 radial bands of a 28x28 spectrum (the band rule of docs/deck.md). */
    private static double[] bandMeans(Spectrum spectrum) {
        double[] sums = new double[3];
        int[] counts = new int[3];
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                int band = Math.min(2, (int) (Math.hypot((i - 14) / 14.0, (j - 14) / 14.0) * 3));
                sums[band] += spectrum.value(i, j);
                counts[band]++;
            }
        }
        for (int b = 0; b < 3; b++) {
            sums[b] /= counts[b];
        }
        return sums;
    }

    @Test
    void aSoftBandGateWeighsItsTwoClosestDomainsBySoftmaxOverTheirBandDistances() throws Exception {
        UUID standard = lenet();
        UUID gauss = centroid();
        String name = uniqueName("soft");
        Response created = createDeck(deck(name, "{\"mode\": \"gated\", \"k\": 2, \"feature\": \"bands\", \"bands\": 3,"
                + " \"weighting\": \"soft\", \"temperature\": 0.5}",
                List.of(new Requests.Member(standard, "standard"), new Requests.Member(gauss, "gauss"))));
        assertEquals(201, created.statusCode(), created.asString());
        assertEquals("{\"mode\":\"gated\",\"k\":2,\"granularity\":\"sample\",\"distance\":\"l1\",\"feature\":\"bands\","
                + "\"bands\":3,\"weighting\":\"soft\",\"temperature\":0.5}", json(created).get("gating").toString());
        assertEquals(json(created).get("gating"), json(given().get("/decks/" + name)).get("gating"));

        Map<String, double[]> references = new LinkedHashMap<>();
        for (String domain : List.of("standard", "gauss")) {
            references.put(domain, bandMeans(ReferenceSpectra.of(TestModels.train(), EnsembleTestProfile.CALIBRATION_IMAGES,
                    TrainingDomains.byName(domain), EnsembleTestProfile.CALIBRATION_SEED)));
        }
        float[] images = TestModels.images("gaussian_noise", 3, 0, 6);
        Response response = infer(name, Requests.infer("request-1", images, 6, false));
        assertEquals(200, response.statusCode(), response.asString());
        JsonNode parameters = json(response).get("parameters");
        double[] probabilities = probabilities(json(response));
        assertRowsSumToOne(probabilities);
        double[] fromLenet = ReferenceProbabilities.of(TestModels.lenet(), images, 6);
        double[] fromCentroid = ReferenceProbabilities.of(TestModels.centroid(), images, 6);
        FourierAmplitude fourier = new FourierAmplitude(SHAPE);
        for (int n = 0; n < 6; n++) {
            double[] input = bandMeans(fourier.logAmplitude(Arrays.copyOfRange(images, n * SHAPE.size(), (n + 1) * SHAPE.size())));
            double[] distance = new double[2];
            int d = 0;
            for (double[] reference : references.values()) {
                for (int b = 0; b < 3; b++) {
                    distance[d] += Math.abs(input[b] - reference[b]) / 3;
                }
                assertEquals(distance[d], parameters.get("gate_distances").get(n).get(d).asDouble(), 1e-9);
                d++;
            }
            double scale = 0.5 * (distance[0] + distance[1]) / 2;
            double standardWeight = 1 / (1 + Math.exp(-(distance[1] - distance[0]) / scale));
            assertEquals(standardWeight, parameters.get("domain_weights").get(n).get(0).asDouble(), 1e-9);
            assertEquals(1 - standardWeight, parameters.get("domain_weights").get(n).get(1).asDouble(), 1e-9);
            for (int c = 0; c < CLASSES; c++) {
                assertEquals(standardWeight * fromLenet[n * CLASSES + c] + (1 - standardWeight) * fromCentroid[n * CLASSES + c],
                        probabilities[n * CLASSES + c], 1e-5);
            }
        }
        // Where the time went, as the standard header says it: every phase, in milliseconds
        String timing = response.header("Server-Timing");
        for (String phase : List.of("read", "gate", "wait", "members", "combine", "write")) {
            assertTrue(timing != null && timing.matches(".*\\b" + phase + ";dur=\\d+\\.\\d{3}\\b.*"), "Server-Timing: " + timing);
        }
    }
}
