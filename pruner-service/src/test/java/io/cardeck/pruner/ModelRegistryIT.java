package io.cardeck.pruner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cardeck.events.ModelOrigin;
import io.cardeck.events.ModelReady;
import io.cardeck.events.Topics;
import io.cardeck.onnx.ModelDigest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ModelRegistryIT {

    private static final int HIDDEN = 32;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void uploadStoresTheModelServesItBackAndAnnouncesIt() {
        byte[] onnx = TestModels.mlp(HIDDEN, 1).toBytes();
        Response created = Registry.upload(onnx, Registry.metadata("mlp-upload", "fashion-mnist", TestModels.LABELS));
        created.then().statusCode(201);
        JsonPath body = created.jsonPath();
        String id = body.getString("id");
        assertTrue(created.header("Location").endsWith("/models/" + id), created.header("Location"));
        assertEquals("mlp-upload", body.getString("name"));
        assertEquals("fashion-mnist", body.getString("dataset"));
        assertEquals(TestModels.LABELS, body.getList("labels", String.class));
        assertEquals("UPLOAD", body.getString("origin"));
        assertNull(body.get("parentId"));
        assertEquals(ModelDigest.sha256(onnx), body.getString("sha256"));
        assertEquals(onnx.length, body.getLong("sizeBytes"));
        assertEquals(List.of(1, 28, 28), body.getList("inputShape", Integer.class));
        long parameters = (long) HIDDEN * 784 + HIDDEN + 10L * HIDDEN + 10;
        assertEquals(parameters, body.getLong("parameters"));
        assertEquals(parameters, body.getLong("nonZeroParameters"));
        assertEquals((long) HIDDEN * 784 + 10L * HIDDEN, body.getLong("macs"), "multiply-accumulates of both Gemms");
        assertNull(body.get("lineage"));
        assertEquals(false, body.getBoolean("hasCard"));
        assertTrue(body.getString("createdAt").endsWith("Z"), body.getString("createdAt"));

        JsonPath read = given().get("/models/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(body.getMap(""), read.getMap(""));

        Response download = given().get("/models/" + id + "/onnx");
        download.then().statusCode(200).contentType("application/octet-stream");
        assertArrayEquals(onnx, download.asByteArray());
        assertEquals(ModelDigest.sha256(onnx), download.header("X-Cardeck-Sha256"));

        ModelReady ready = KafkaTopics.awaitEvent(Topics.MODELS_READY, ModelReady.class, e -> e.modelId().equals(id));
        assertEquals(ModelDigest.sha256(onnx), ready.sha256());
        assertEquals("fashion-mnist", ready.dataset());
        assertEquals(ModelOrigin.UPLOAD, ready.origin());
        assertNull(ready.parentModelId());
    }

    @Test
    void listShowsNewestFirstAndZooOriginIsKept() {
        String older = Registry.register(TestModels.mlp(8, 2), "older");
        String newer = given().multiPart("file", "zoo.onnx", TestModels.mlp(8, 3).toBytes(), "application/octet-stream")
                .multiPart("metadata", Registry.metadata("newer", "mnist", TestModels.LABELS), "application/json")
                .multiPart("origin", "ZOO")
                .post("/models").then().statusCode(201).extract().path("id");
        List<String> ids = given().get("/models").then().statusCode(200).extract().jsonPath().getList("id", String.class);
        assertTrue(ids.indexOf(newer) >= 0 && ids.indexOf(newer) < ids.indexOf(older), ids.toString());
        given().get("/models/" + newer).then().statusCode(200)
                .body("origin", org.hamcrest.Matchers.equalTo("ZOO"))
                .body("dataset", org.hamcrest.Matchers.equalTo("mnist"));
    }

    /** A zoo model's card comes with its upload, is read back as it came, and is replaced by a later registration's. */
    @Test
    void aModelCardIsStoredWithTheModelAndReplacedWhole() {
        String card = "# Model card: zoo-mlp\n\n- **Parameters**: 6,370\n\t- tabbed\r\n";
        String id = given().multiPart("file", "zoo.onnx", TestModels.mlp(8, 5).toBytes(), "application/octet-stream")
                .multiPart("metadata", Registry.metadata("zoo-mlp", "fashion-mnist", TestModels.LABELS), "application/json")
                .multiPart("origin", "ZOO")
                .multiPart("card", card, "text/markdown")
                .post("/models").then().statusCode(201).body("hasCard", org.hamcrest.Matchers.equalTo(true))
                .extract().path("id");
        assertEquals(card, given().get("/models/" + id + "/card").then().statusCode(200)
                .contentType(containsString("text/markdown")).extract().asString());

        String replaced = "# Model card: zoo-mlp\n\nnew figures\n";
        given().contentType("text/markdown").body(replaced).put("/models/" + id + "/card").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo(id)).body("hasCard", org.hamcrest.Matchers.equalTo(true));
        assertEquals(replaced, given().get("/models/" + id + "/card").then().statusCode(200).extract().asString());

        String without = Registry.register(TestModels.mlp(8, 6), "no-card");
        given().get("/models/" + without).then().statusCode(200).body("hasCard", org.hamcrest.Matchers.equalTo(false));
        given().get("/models/" + without + "/card").then().statusCode(404).body("error", containsString("has no model card"));
        String unknown = UUID.randomUUID().toString();
        given().get("/models/" + unknown + "/card").then().statusCode(404).body("error", containsString(unknown));
        given().contentType("text/markdown").body(replaced).put("/models/" + unknown + "/card").then().statusCode(404);
    }

    /** One refusal per kind of bad card, on upload and on replacement; nothing is stored or changed. */
    @Test
    void aBadModelCardIsRefusedWithTheReason() {
        String id = Registry.register(TestModels.mlp(8, 7), "bad-cards");
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put(" \n ", "the model card is missing or blank");
        bad.put("x".repeat(65_537), "the model card has 65537 characters; at most 65536 are accepted");
        bad.put("# card\u0000", "the model card has the control character U+0000 at position 6");
        bad.put("# card\u001b[31m", "the model card has the control character U+001B at position 6");
        bad.forEach((card, reason) -> {
            given().contentType("text/markdown").body(card).put("/models/" + id + "/card").then().statusCode(400)
                    .body("error", containsString(reason));
            given().multiPart("file", "zoo.onnx", TestModels.mlp(8, 8).toBytes(), "application/octet-stream")
                    .multiPart("metadata", Registry.metadata("bad-card", "fashion-mnist", TestModels.LABELS), "application/json")
                    .multiPart("card", card, "text/markdown")
                    .post("/models").then().statusCode(400).body("error", containsString(reason));
        });
        given().get("/models/" + id + "/card").then().statusCode(404);
        List<String> names = given().get("/models").then().statusCode(200).extract().jsonPath().getList("name", String.class);
        assertTrue(!names.contains("bad-card"), "nothing half-stored: " + names);
    }

    @Test
    void unknownAndMalformedIdsAreRefused() {
        String unknown = UUID.randomUUID().toString();
        given().get("/models/" + unknown).then().statusCode(404).body("error", containsString(unknown));
        given().get("/models/" + unknown + "/onnx").then().statusCode(404).body("error", containsString(unknown));
        given().get("/models/not-a-uuid").then().statusCode(400).body("error", containsString("not-a-uuid"));
        given().get("/prune-jobs/" + unknown).then().statusCode(404).body("error", containsString(unknown));
        given().get("/prune-jobs/1-2-3-4-5").then().statusCode(400).body("error", containsString("not a UUID"));
    }

    @Test
    void notOnnxIs415() {
        assertRefused(415, "not an ONNX model", "this is a text file, not a model".getBytes(StandardCharsets.UTF_8),
                Registry.metadata("junk", "fashion-mnist", TestModels.LABELS));
    }

    @Test
    void tooLargeIs413() {
        // The test profile's limit is 256 KiB; this valid model is about 400 KB.
        byte[] large = TestModels.mlp(128, 4).toBytes();
        assertTrue(large.length > 262_144);
        assertRefused(413, "more than the limit of 262144 bytes", large,
                Registry.metadata("large", "fashion-mnist", TestModels.LABELS));
    }

    @Test
    void flatInputIs422() {
        assertRefused(422, "[N, C, H, W]", TestModels.flatInput().toBytes(),
                Registry.metadata("flat", "fashion-mnist", TestModels.LABELS));
    }

    @Test
    void operatorOutsideTheAllowedOnesIs422() {
        assertRefused(422, "node 'mystery' (NoSuchOperator) is not an operator cardeck's services run", TestModels.unknownOperator().toBytes(),
                Registry.metadata("mystery", "fashion-mnist", TestModels.LABELS));
    }

    @Test
    void labelCountOtherThanTheOutputClassesIs422() {
        assertRefused(422, "outputs 10 classes but the metadata names 3 labels", TestModels.mlp(8, 5).toBytes(),
                Registry.metadata("three-labels", "fashion-mnist", List.of("a", "b", "c")));
    }

    @Test
    void metadataThatIsNotJsonIs400() {
        assertRefused(400, "not valid JSON", TestModels.mlp(8, 6).toBytes(), "{\"name\": \"broken\", ");
    }

    @Test
    void unknownMetadataFieldIs400() {
        assertRefused(400, "unknown field 'colour'", TestModels.mlp(8, 6).toBytes(),
                "{\"name\": \"x\", \"dataset\": \"mnist\", \"labels\": [\"a\"], \"colour\": \"red\"}");
    }

    @Test
    void unknownDatasetIs400AndNamesTheAcceptedOnes() {
        assertRefused(400, "'imagenet'; accepted: fashion-mnist, mnist, cifar10", TestModels.mlp(8, 7).toBytes(),
                Registry.metadata("imagenet-model", "imagenet", TestModels.LABELS));
    }

    @Test
    void duplicateLabelsAre400() {
        List<String> labels = new java.util.ArrayList<>(TestModels.LABELS);
        labels.set(9, "Bag");
        assertRefused(400, "names 'Bag' twice", TestModels.mlp(8, 8).toBytes(),
                Registry.metadata("twice", "fashion-mnist", labels));
    }

    @Test
    void missingFilePartIs400() {
        Rows rows = new Rows(dataSource);
        long models = rows.count("SELECT count(*) FROM models");
        given().multiPart("metadata", Registry.metadata("no-file", "fashion-mnist", TestModels.LABELS), "application/json")
                .post("/models").then().statusCode(400).body("error", containsString("part 'file' is missing"));
        assertEquals(models, rows.count("SELECT count(*) FROM models"));
    }

    @Test
    void missingMetadataPartIs400() {
        given().multiPart("file", "model.onnx", TestModels.mlp(8, 9).toBytes(), "application/octet-stream")
                .post("/models").then().statusCode(400).body("error", containsString("part 'metadata' is missing"));
    }

    @Test
    void prunedOriginCannotBeUploaded() {
        given().multiPart("file", "model.onnx", TestModels.mlp(8, 10).toBytes(), "application/octet-stream")
                .multiPart("metadata", Registry.metadata("fake-pruned", "fashion-mnist", TestModels.LABELS), "application/json")
                .multiPart("origin", "PRUNED")
                .post("/models").then().statusCode(400).body("error", containsString("origin PRUNED"));
        given().multiPart("file", "model.onnx", TestModels.mlp(8, 10).toBytes(), "application/octet-stream")
                .multiPart("metadata", Registry.metadata("odd-origin", "fashion-mnist", TestModels.LABELS), "application/json")
                .multiPart("origin", "HANDMADE")
                .post("/models").then().statusCode(400).body("error", containsString("HANDMADE"));
    }

    @Test
    void readinessIncludesOnnxRuntime() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("onnx-runtime"));
    }

    /** Posts the upload, expects the status and a message, and checks that nothing was stored or queued. */
    private void assertRefused(int status, String message, byte[] onnx, String metadata) {
        Rows rows = new Rows(dataSource);
        long models = rows.count("SELECT count(*) FROM models");
        long artifacts = rows.count("SELECT count(*) FROM model_artifacts");
        long events = rows.count("SELECT count(*) FROM outbox");
        Registry.upload(onnx, metadata).then().statusCode(status).body("error", containsString(message));
        assertEquals(models, rows.count("SELECT count(*) FROM models"));
        assertEquals(artifacts, rows.count("SELECT count(*) FROM model_artifacts"));
        assertEquals(events, rows.count("SELECT count(*) FROM outbox"));
    }
}
