package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.ClassNames;
import io.cardeck.data.ImageShape;
import io.cardeck.onnx.ModelDigest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.MultiPartSpecification;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Uploads and model cards through the gateway to the stand-in pruner-service: what is forwarded, and every refusal. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ModelUploadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID_METADATA = metadata("lenet", TestModels.DATASET, ClassNames.FASHION_MNIST);

    StandInPruner pruner;

    @Test
    void aValidModelIsForwardedAndItsViewAnswered() throws Exception {
        byte[] model = TestModels.lenet();
        int before = pruner.uploads().size();

        String id = upload(asAdmin().multiPart("file", "lenet.onnx", model, "application/octet-stream")
                .multiPart("metadata", metadata("  lenet  ", TestModels.DATASET, ClassNames.FASHION_MNIST)))
                .statusCode(201)
                .header("Location", containsString("/api/models/"))
                .body("name", equalTo("lenet"))
                .body("dataset", equalTo(TestModels.DATASET))
                .body("labels", equalTo(ClassNames.FASHION_MNIST))
                .body("origin", equalTo("UPLOAD"))
                .body("sha256", equalTo(ModelDigest.sha256(model)))
                .body("inputShape", equalTo(List.of(1, 28, 28)))
                .extract().path("id");

        List<StandInPruner.Upload> uploads = pruner.uploads();
        assertEquals(before + 1, uploads.size());
        StandInPruner.Upload forwarded = uploads.get(uploads.size() - 1);
        assertArrayEquals(model, forwarded.bytes());
        assertEquals("lenet.onnx", forwarded.fileName());
        // The metadata goes on as the gateway read it: the name without its surrounding blanks.
        assertEquals(JSON.readTree(VALID_METADATA), JSON.readTree(forwarded.metadata()));
        // Without an origin an upload is UPLOAD, said to the registry in so many words; without a card it has none.
        assertEquals("UPLOAD", forwarded.origin());
        assertNull(forwarded.card());

        asAdmin().get("/api/models/" + id).then().statusCode(200).body("id", equalTo(id)).body("name", equalTo("lenet"));
        asAdmin().get("/api/models").then().statusCode(200).body("id", hasItem(id));
        byte[] downloaded = asAdmin().get("/api/models/" + id + "/onnx").then()
                .statusCode(200)
                .contentType("application/octet-stream")
                .header("X-Cardeck-Sha256", ModelDigest.sha256(model))
                .extract().asByteArray();
        assertArrayEquals(model, downloaded);
    }

    static Stream<Arguments> refusedUploads() {
        byte[] lenet = TestModels.lenet();
        List<String> nineLabels = ClassNames.FASHION_MNIST.subList(0, 9);
        List<String> fiveLabels = ClassNames.FASHION_MNIST.subList(0, 5);
        return Stream.of(
                Arguments.of("metadata missing", lenet, null, 400, "multipart field 'metadata' is missing"),
                Arguments.of("metadata not JSON", lenet, "{name: lenet", 400, "metadata is not valid JSON"),
                Arguments.of("metadata not an object", lenet, "[\"lenet\"]", 400, "metadata must be a JSON object"),
                Arguments.of("metadata with an unknown field", lenet,
                        "{\"name\": \"m\", \"dataset\": \"fashion-mnist\", \"labels\": [\"a\"], \"version\": 2}", 400,
                        "metadata field 'version' is not accepted; accepted fields: name, dataset, labels"),
                Arguments.of("name missing", lenet, "{\"dataset\": \"fashion-mnist\", \"labels\": [\"a\"]}", 400,
                        "metadata.name is missing"),
                Arguments.of("name blank", lenet, metadata(" ", TestModels.DATASET, ClassNames.FASHION_MNIST), 400,
                        "metadata.name is blank"),
                Arguments.of("name not a string", lenet,
                        "{\"name\": 7, \"dataset\": \"fashion-mnist\", \"labels\": [\"a\"]}", 400, "metadata.name is number"),
                Arguments.of("dataset unknown", lenet, metadata("m", "imagenet", ClassNames.FASHION_MNIST), 400,
                        "metadata.dataset 'imagenet' is not accepted; accepted: fashion-mnist, mnist, cifar10"),
                Arguments.of("dataset not on this machine", lenet, metadata("m", "cifar10", ClassNames.CIFAR10), 400,
                        "metadata.dataset 'cifar10' is not available on this server"),
                Arguments.of("labels missing", lenet, "{\"name\": \"m\", \"dataset\": \"fashion-mnist\"}", 400,
                        "metadata.labels must be a non-empty array"),
                Arguments.of("labels empty", lenet, metadata("m", TestModels.DATASET, List.of()), 400,
                        "metadata.labels must be a non-empty array"),
                Arguments.of("label not a string", lenet,
                        "{\"name\": \"m\", \"dataset\": \"fashion-mnist\", \"labels\": [\"a\", 2]}", 400,
                        "metadata.labels[1] is number"),
                Arguments.of("label repeated", lenet, metadata("m", TestModels.DATASET, List.of("a", "b", "a")), 400,
                        "metadata.labels[2] 'a' repeats an earlier label"),
                Arguments.of("too large", new byte[(int) GatewayTestProfile.MAX_MODEL_BYTES + 1], VALID_METADATA, 413,
                        "the model is 1048577 bytes, more than the limit of 1048576 bytes"),
                Arguments.of("not ONNX", "hello, world".getBytes(StandardCharsets.UTF_8), VALID_METADATA, 415,
                        "not an ONNX model"),
                Arguments.of("empty", new byte[0], VALID_METADATA, 415, "is empty (0 bytes)"),
                Arguments.of("truncated", TestModels.truncated(), VALID_METADATA, 415, "the model is truncated"),
                Arguments.of("no opset", TestModels.withoutOpset(), VALID_METADATA, 422, "declares no opset_import"),
                Arguments.of("operator not allowed", TestModels.unknownOperator(), VALID_METADATA, 422,
                        "node 'mystery' (NoSuchOperator) is not an operator cardeck's services run; accepted: Add,"),
                Arguments.of("shapes that do not fit", TestModels.mismatchedWeights(), VALID_METADATA, 422,
                        "node 'fc' (Gemm) cannot run: it multiplies 1x784 by 700x10"),
                Arguments.of("rejected by ONNX Runtime", TestModels.unknownAttribute(), VALID_METADATA, 422,
                        "ONNX Runtime cannot"),
                Arguments.of("input not NCHW", TestModels.flatInput(), VALID_METADATA, 422,
                        "input 'pixels' takes samples of shape [784]; fashion-mnist images need a float input"
                                + " [N, C, H, W] = [N, 1, 28, 28]"),
                Arguments.of("image size of another dataset", TestModels.lenet(new ImageShape(1, 32, 32), 10),
                        VALID_METADATA, 422, "takes samples of shape [1, 32, 32]"),
                Arguments.of("fewer labels than outputs", lenet, metadata("m", TestModels.DATASET, nineLabels), 422,
                        "the model outputs 10 classes but metadata.labels names 9"),
                Arguments.of("fewer classes than the dataset", TestModels.lenet(new ImageShape(1, 28, 28), 5),
                        metadata("m", TestModels.DATASET, fiveLabels), 422,
                        "the model outputs 5 classes but fashion-mnist has 10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedUploads")
    void aRefusedUploadSaysWhyAndForwardsNothing(String problem, byte[] file, String metadata, int status,
                                                 String message) {
        int before = pruner.uploads().size();
        RequestSpecification request = asAdmin().multiPart("file", "model.onnx", file, "application/octet-stream");
        if (metadata != null) {
            request = request.multiPart("metadata", metadata);
        }
        upload(request).statusCode(status).contentType("application/json").body("error", containsString(message));
        assertEquals(before, pruner.uploads().size(), "nothing may reach the registry for: " + problem);
    }

    /**
     * A zoo model, as {@code cardeck up} and the demo register one through the gateway: its origin and its
     * card (UTF-8 Markdown) reach the registry as sent, and a later card replaces it.
     */
    @Test
    void aZooModelIsForwardedWithItsOriginAndCardAndItsCardReplaced() {
        String card = "# Model card: lenet5-augmix\r\n\n- **Robust accuracy**: 84.64% \u2013 mean over 15 x 5 cells"
                + " (Erd\u0151s\u2013R\u00e9nyi-Kernel)\n\t- tabbed\n";
        String id = upload(asAdmin().multiPart("file", "lenet5-augmix.onnx", TestModels.lenet(), "application/octet-stream")
                .multiPart("metadata", VALID_METADATA)
                .multiPart("origin", " zoo ")
                .multiPart(markdown("card", card)))
                .statusCode(201)
                .body("origin", equalTo("ZOO"))
                .body("hasCard", equalTo(true))
                .extract().path("id");
        StandInPruner.Upload forwarded = pruner.uploads().get(pruner.uploads().size() - 1);
        assertEquals("ZOO", forwarded.origin());
        assertEquals(card, forwarded.card());
        assertEquals(card, asAdmin().get("/api/models/" + id + "/card").then().statusCode(200).extract().asString());

        String replaced = "# Model card: lenet5-augmix\n\nfigures measured again \u2013 84.70%\n";
        asAdmin().contentType("text/markdown; charset=UTF-8").body(replaced.getBytes(StandardCharsets.UTF_8))
                .put("/api/models/" + id + "/card").then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("hasCard", equalTo(true));
        assertEquals(replaced, asAdmin().get("/api/models/" + id + "/card").then().statusCode(200).extract().asString());
    }

    static Stream<Arguments> refusedZooFields() {
        return Stream.of(
                Arguments.of("origin PRUNED", "PRUNED", null,
                        "origin PRUNED is given by prune jobs only; accepted: UPLOAD (the default) or ZOO"),
                Arguments.of("origin unknown", "HANDMADE", null,
                        "origin 'HANDMADE' is not accepted; accepted: UPLOAD (the default) or ZOO"),
                Arguments.of("card blank", "ZOO", " \n ", "the model card is missing or blank; send the card's Markdown text"),
                Arguments.of("card too long", "ZOO", "x".repeat(65_537),
                        "the model card has 65537 characters; at most 65536 are accepted"),
                Arguments.of("card with a control character", "ZOO", "# card\u001b[31m",
                        "the model card has the control character U+001B at position 6; accepted: text with line breaks"
                                + " and tabs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedZooFields")
    void aRefusedOriginOrCardSaysWhyAndForwardsNothing(String problem, String origin, String card, String message) {
        int before = pruner.uploads().size();
        RequestSpecification request = asAdmin().multiPart("file", "model.onnx", TestModels.lenet(), "application/octet-stream")
                .multiPart("metadata", VALID_METADATA)
                .multiPart("origin", origin);
        if (card != null) {
            request = request.multiPart(markdown("card", card));
        }
        upload(request).statusCode(400).contentType("application/json").body("error", equalTo(message));
        assertEquals(before, pruner.uploads().size(), "nothing may reach the registry for: " + problem);
    }

    static Stream<Arguments> refusedCardReplacements() {
        return Stream.of(
                Arguments.of("blank", " \n ", "the model card is missing or blank"),
                Arguments.of("too long", "x".repeat(65_537), "the model card has 65537 characters; at most 65536 are accepted"),
                Arguments.of("a control character", "# card\u0000", "the model card has the control character U+0000 at"
                        + " position 6"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCardReplacements")
    void aRefusedCardReplacementSaysWhyAndLeavesTheCard(String problem, String card, String message) {
        String id = pruner.registerWithCard("lenet5-standard", "# Model card: lenet5-standard\n");
        asAdmin().contentType("text/markdown; charset=UTF-8").body(card.getBytes(StandardCharsets.UTF_8))
                .put("/api/models/" + id + "/card").then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", containsString(message));
        assertEquals("# Model card: lenet5-standard\n", asAdmin().get("/api/models/" + id + "/card").then().statusCode(200)
                .extract().asString(), problem);
    }

    @Test
    void aCardForAnUnknownOrMalformedIdOrNotAsTextIsRefused() {
        String unknown = UUID.randomUUID().toString();
        asAdmin().contentType("text/markdown").body("# card\n").put("/api/models/" + unknown + "/card").then()
                .statusCode(404)
                .body("error", equalTo("model " + unknown + " not found"));
        asAdmin().contentType("text/markdown").body("# card\n").put("/api/models/lenet/card").then()
                .statusCode(400)
                .body("error", containsString("model id 'lenet' is not a UUID"));
        String id = pruner.register("no-card-yet");
        asAdmin().contentType("application/json").body("{\"card\": \"# card\"}").put("/api/models/" + id + "/card").then()
                .statusCode(415)
                .contentType("application/json")
                .body("error", notNullValue());
        asAdmin().get("/api/models/" + id).then().statusCode(200).body("hasCard", equalTo(false));
    }

    @Test
    void anUploadWithoutFileIsRefused() {
        int before = pruner.uploads().size();
        upload(asAdmin().multiPart("metadata", VALID_METADATA))
                .statusCode(400)
                .body("error", containsString("multipart field 'file' is missing"));
        assertEquals(before, pruner.uploads().size());
    }

    @Test
    void anUploadThatIsNotMultipartIsRefused() {
        asAdmin().contentType("application/json").body(VALID_METADATA).post("/api/models")
                .then().statusCode(415).body("error", notNullValue());
    }

    /** A text part in UTF-8, as the command line sends the card. */
    private static MultiPartSpecification markdown(String name, String text) {
        return new MultiPartSpecBuilder(text).controlName(name).mimeType("text/markdown").charset(StandardCharsets.UTF_8)
                .build();
    }

    private static ValidatableResponse upload(RequestSpecification request) {
        return request.post("/api/models").then();
    }

    private static String metadata(String name, String dataset, List<String> labels) {
        try {
            return JSON.writeValueAsString(Map.of("name", name, "dataset", dataset, "labels", labels));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
