package io.cardeck.ensemble.it;

import static io.cardeck.ensemble.it.Requests.createDeck;
import static io.cardeck.ensemble.it.Requests.deck;
import static io.cardeck.ensemble.it.Requests.infer;
import static io.cardeck.ensemble.it.Requests.uniqueName;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.DeckCreated;
import io.cardeck.events.DeckDeleted;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.EventCodec;
import io.cardeck.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every class of bad deck and bad inference request is refused with its status and a message; nothing is stored. */
@QuarkusTest
@TestProfile(EnsembleTestProfile.class)
class BadInputIT {

    @Inject
    TestRegistry registry;

    private UUID lenet() {
        return registry.register("lenet5-standard", TestModels.lenet(), TestModels.labels(), TestModels.INPUT_SHAPE);
    }

    private static void refused(Response response, int status, String inMessage) {
        assertEquals(status, response.statusCode(), response.asString());
        String error = response.jsonPath().getString("error");
        assertTrue(error != null && error.contains(inMessage), "expected '" + inMessage + "' in: " + response.asString());
    }

    private void refusedWithoutStoring(String body, int status, String inMessage) {
        long decks = Facts.count("decks");
        long cards = Facts.count("deck_cards");
        refused(createDeck(body), status, inMessage);
        assertEquals(decks, Facts.count("decks"));
        assertEquals(cards, Facts.count("deck_cards"));
    }

    @Test
    void badDecksAreRefused() {
        UUID model = lenet();
        List<Requests.Member> one = List.of(new Requests.Member(model, "standard"));
        refusedWithoutStoring(deck("Bad Name", "average", 1, "sample", one), 400, "name must be");
        refusedWithoutStoring(deck(uniqueName("d"), "average", 1, "sample", List.of()), 400, "members must list");
        refusedWithoutStoring(deck(uniqueName("d"), "average", 1, "sample", List.of(new Requests.Member(model, "fog"))), 400,
                "standard, gauss, augmix");
        refusedWithoutStoring(deck(uniqueName("d"), "vote", 1, "sample", one), 400, "gated, average, single");
        refusedWithoutStoring(deck(uniqueName("d"), "gated", 1, "pixel", one), 400, "sample, batch");
        refusedWithoutStoring(deck(uniqueName("d"), "gated", 2, "sample", one), 400, "exceeds the 1 distinct domain");
        refusedWithoutStoring(deck(uniqueName("d"), "gated", 0, "sample", one), 400, "at least 1");
        refusedWithoutStoring(deck(uniqueName("d"), "average", 1, "sample",
                List.of(new Requests.Member(model, "standard"), new Requests.Member(model, "gauss"))), 400, "appears twice");
        refusedWithoutStoring("{\"name\": \"d\", \"members\": [{\"modelId\": \"nope\", \"domain\": \"standard\"}]}", 400,
                "UUID");
        refusedWithoutStoring(deck(uniqueName("d"), "{\"feature\": \"bands\", \"bands\": 9}", one), 400,
                "gating: bands must be between 2 and 8, got 9");
        refusedWithoutStoring(deck(uniqueName("d"), "{\"feature\": \"rings\"}", one), 400,
                "unknown gate feature 'rings'; accepted: spectrum, bands");
        refusedWithoutStoring(deck(uniqueName("d"), "{\"bands\": 3}", one), 400, "bands apply to the feature 'bands' only");
        refusedWithoutStoring(deck(uniqueName("d"), "{\"weighting\": \"soft\", \"temperature\": 0.0001}", one), 400,
                "temperature must be between 0.001 and 1000.0, got 1.0E-4");
        refusedWithoutStoring(deck(uniqueName("d"), "{\"temperature\": 2}", one), 400,
                "temperature applies to the weighting 'soft' only");
        refusedWithoutStoring(deck(uniqueName("d"), "{\"weighting\": \"max\"}", one), 400,
                "unknown gate weighting 'max'; accepted: equal, soft");
        refusedWithoutStoring(deck(uniqueName("d"), "{\"temperature\": \"hot\", \"weighting\": \"soft\"}", one), 400, "");
        refusedWithoutStoring("{\"name\": \"d\", \"members\": [", 400, "");
        refusedWithoutStoring("[1, 2]", 400, "");
    }

    @Test
    void aDeckWhoseMemberModelIsMissingIsRefused() {
        UUID missing = UUID.randomUUID();
        refusedWithoutStoring(deck(uniqueName("d"), "average", 1, "sample",
                List.of(new Requests.Member(lenet(), "standard"), new Requests.Member(missing, "gauss"))), 404,
                "model " + missing + " does not exist");
    }

    @Test
    void membersMustShareClassesAndInput() {
        List<String> otherLabels = TestModels.labels().stream().map(label -> label + "?").toList();
        UUID relabelled = registry.register("relabelled", TestModels.lenet(), otherLabels, TestModels.INPUT_SHAPE);
        refusedWithoutStoring(deck(uniqueName("d"), "average", 1, "sample",
                List.of(new Requests.Member(lenet(), "standard"), new Requests.Member(relabelled, "gauss"))), 422,
                "same classes");
        UUID notOnnx = registry.register("not-onnx", "hello".getBytes(StandardCharsets.UTF_8), TestModels.labels(),
                TestModels.INPUT_SHAPE);
        refusedWithoutStoring(deck(uniqueName("d"), "average", 1, "sample", List.of(new Requests.Member(notOnnx, "standard"))),
                422, "ONNX Runtime cannot serve");
    }

    @Test
    void aDeckNameIsTakenUntilTheDeckIsDeletedAndBothAreAnnouncedOnTheBus() {
        String name = uniqueName("taken");
        String body = deck(name, "average", 1, "sample", List.of(new Requests.Member(lenet(), "standard")));
        assertEquals(201, createDeck(body).statusCode());
        refusedWithoutStoring(body, 409, "already exists");
        given().delete("/decks/" + name).then().statusCode(204);
        refused(given().get("/decks/" + name), 404, "no deck named");
        refused(infer(name, Requests.infer("r", TestModels.images(null, 0, 0, 1), 1, false)), 404, "no deck named");
        refused(given().delete("/decks/" + name), 404, "no deck named");
        assertEquals(201, createDeck(body).statusCode());
        Await.condition("DeckCreated, DeckDeleted, DeckCreated on " + Topics.DECK_EVENTS, Duration.ofSeconds(30), () -> {
            List<CardeckEvent> events = KafkaBus.read(Topics.DECK_EVENTS).stream().filter(r -> name.equals(r.key()))
                    .map(r -> EventCodec.decode(r.value())).toList();
            return events.size() == 3 && events.get(0) instanceof DeckCreated && events.get(1) instanceof DeckDeleted
                    && events.get(2) instanceof DeckCreated;
        });
    }

    @Test
    void badInferenceRequestsAreRefused() throws Exception {
        String name = uniqueName("strict");
        assertEquals(201, createDeck(deck(name, "average", 1, "sample", List.of(new Requests.Member(lenet(), "standard"))))
                .statusCode());
        float[] image = TestModels.images(null, 0, 0, 1);
        String good = Requests.infer("r", image, 1, false);
        assertEquals(200, infer(name, good).statusCode());
        refused(infer("no-such-deck", good), 404, "no deck named");
        refused(infer(name, "{not json"), 400, "");
        refused(infer(name, "[]"), 400, "JSON object");
        refused(infer(name, good.replace("\"FP32\"", "\"INT8\"")), 400, "not accepted; a deck takes FP32");
        refused(infer(name, good.replace("\"name\":\"input\"", "\"name\":\"pixels\"")), 400, "unknown input 'pixels'");
        refused(infer(name, good.replace("[1,1,28,28]", "[1,3,28,28]")), 400, "[N, 1, 28, 28]");
        refused(infer(name, good.replace("[1,1,28,28]", "[1,784]")), 400, "[N, 1, 28, 28]");
        refused(infer(name, good.replace("[1,1,28,28]", "[0,1,28,28]")), 400, "N must be at least 1");
        refused(infer(name, good.replace("[1,1,28,28]", "[2,1,28,28]")), 400, "needs 1568");
        ObjectNode text = (ObjectNode) Requests.JSON.readTree(good);
        ((ArrayNode) text.get("inputs").get(0).get("data")).set(5, TextNode.valueOf("x"));
        refused(infer(name, text.toString()), 400, "data[5] is string; FP32 data must be numbers");
        refused(infer(name, good.replace("\"inputs\"", "\"outputs\":[{\"name\":\"logits\"}],\"inputs\"")), 400,
                "unknown output 'logits'");
        String nestedWrong = Requests.infer("r", TestModels.images(null, 0, 0, 2), 2, true).replace("[2,1,28,28]", "[1,2,28,28]");
        refused(infer(name, nestedWrong), 400, "[N, 1, 28, 28]");
        refused(infer(name, Requests.infer("r", new float[65 * 784], 65, false)), 413, "at most 64 images");
        String shapeOnly = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,1,28,28],\"data\":";
        refused(infer(name, shapeOnly + "[[1,2],[3]]}]}"), 400, "ragged");
        refused(infer(name, shapeOnly + "[1,[2]]}]}"), 400, "data[1][0] is a number where the data's other numbers are 0 arrays deep");
        refused(infer(name, shapeOnly + "[[[[[1]]]]]}]}"), 400, "nests deeper than an [N, C, H, W] tensor");
        refused(infer(name, shapeOnly + "[true]}]}"), 400, "data[0] is boolean");
        refused(infer(name, shapeOnly + "[1e39]}]}"), 400, "outside the FP32 range");
    }

    @Test
    void badBinaryRequestsAreRefused() {
        String name = uniqueName("binary");
        assertEquals(201, createDeck(deck(name, "average", 1, "sample", List.of(new Requests.Member(lenet(), "standard"))))
                .statusCode());
        byte[] image = Requests.littleEndian(TestModels.images(null, 0, 0, 1));
        String header = Requests.binaryHeader("r", 1, image.length, false);
        Requests.BinaryBody good = Requests.BinaryBody.of(header, image);
        assertEquals(200, infer(name, good).statusCode());
        refused(infer(name, good, "many"), 400, "Inference-Header-Content-Length must be the byte length");
        refused(infer(name, good, "-4"), 400, "a whole number >= 0");
        refused(infer(name, good, Integer.toString(good.bytes().length + 1)), 400, "fewer than its Inference-Header-Content-Length");
        refused(infer(name, good, Integer.toString(good.headerLength() + 8)), 400, "something follows it");
        refused(infer(name, Requests.BinaryBody.of(Requests.binaryHeader("r", 1, image.length - 4, false), image)), 400,
                "the shape needs 784 FP32 values, 3136 bytes");
        refused(infer(name, Requests.BinaryBody.of(header, Arrays.copyOf(image, image.length - 4))), 400,
                "parameters.binary_data_size says 3136");
        refused(infer(name, Requests.BinaryBody.of(header, Arrays.copyOf(image, image.length + 4))), 400,
                "goes on after the 3136 bytes");
        float[] withNaN = TestModels.images(null, 0, 0, 1);
        withNaN[7] = Float.NaN;
        refused(infer(name, Requests.BinaryBody.of(header, Requests.littleEndian(withNaN))), 400, "binary value 7 is NaN");
        refused(infer(name, Requests.BinaryBody.of(header.replace("\"binary_data_size\":3136", "\"binary_data_size\":-1"), image)),
                400, "must be a byte count");
        refused(infer(name, Requests.BinaryBody.of(header.replace("}}]", "},\"data\":[1]}]"), image)), 400,
                "both data and parameters.binary_data_size");
        refused(infer(name, header), 400, "needs the Inference-Header-Content-Length header");
        String inline = Requests.infer("r", TestModels.images(null, 0, 0, 1), 1, false);
        refused(infer(name, Requests.BinaryBody.of(inline, image)), 400, "no parameters.binary_data_size");
        refused(infer(name, Requests.BinaryBody.of(header.replace("{\"id\"", "{\"parameters\":{\"binary_data_output\":\"yes\"},\"id\""),
                image)), 400, "binary_data_output must be true or false");
    }

    @Test
    void poisonOnTheEvaluationTopicGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        String key = "poison-" + UUID.randomUUID();
        KafkaBus.send(Topics.EVALUATION_EVENTS, key, "{not an event".getBytes(StandardCharsets.UTF_8));
        UUID model = UUID.randomUUID();
        KafkaBus.send(new EvaluationCompleted(UUID.randomUUID(), Instant.now(), "e", model.toString(), 0.5, 0.4, 0.1, 1, 1, 0.1));
        Await.condition("the poison message on " + Topics.deadLetter(Topics.EVALUATION_EVENTS), Duration.ofSeconds(60),
                () -> KafkaBus.read(Topics.deadLetter(Topics.EVALUATION_EVENTS)).stream().anyMatch(r -> key.equals(r.key())));
        Await.condition("the next event applied", Duration.ofSeconds(60), () -> Facts.robustAccuracy(model) != null);
    }
}
