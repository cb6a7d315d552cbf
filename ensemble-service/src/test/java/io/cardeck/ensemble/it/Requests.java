package io.cardeck.ensemble.it;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.events.BinaryTensorData;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Request bodies and calls of the ensemble-service's API, as a client writes them. */
final class Requests {

    static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    record Member(UUID modelId, String domain) {
    }

    static String deck(String name, String mode, int k, String granularity, List<Member> members) {
        ObjectNode body = JSON.createObjectNode().put("name", name);
        ArrayNode list = body.putArray("members");
        members.forEach(m -> list.addObject().put("modelId", m.modelId().toString()).put("domain", m.domain()));
        body.putObject("gating").put("mode", mode).put("k", k).put("granularity", granularity);
        return body.toString();
    }

    /** A deck body with a gating object of its own (JSON text). */
    static String deck(String name, String gatingJson, List<Member> members) {
        ObjectNode body = JSON.createObjectNode().put("name", name);
        ArrayNode list = body.putArray("members");
        members.forEach(m -> list.addObject().put("modelId", m.modelId().toString()).put("domain", m.domain()));
        try {
            body.set("gating", JSON.readTree(gatingJson));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(gatingJson, e);
        }
        return body.toString();
    }

    /** A new deck (named from {@code prefix}) of the LeNet-5 alone, averaged; fails the test unless it is created. */
    static String lenetDeck(TestRegistry registry, String prefix) {
        String name = uniqueName(prefix);
        Response created = createDeck(deck(name, "average", 1, "sample", List.of(new Member(
                registry.register("lenet", TestModels.lenet(), TestModels.labels(), TestModels.INPUT_SHAPE), "standard"))));
        if (created.statusCode() != 201) {
            throw new AssertionError("deck " + name + " not created: " + created.statusCode() + " " + created.asString());
        }
        return name;
    }

    static Response createDeck(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/decks");
    }

    /** A v2 inference request for {@code count} 1x28x28 images; data nested as the shape or flat. */
    static String infer(String id, float[] images, int count, boolean nested) {
        ObjectNode body = JSON.createObjectNode().put("id", id);
        ObjectNode input = body.putArray("inputs").addObject().put("name", "input").put("datatype", "FP32");
        input.putArray("shape").add(count).add(1).add(28).add(28);
        ArrayNode data = input.putArray("data");
        if (nested) {
            for (int n = 0; n < count; n++) {
                ArrayNode rows = data.addArray().addArray();
                for (int y = 0; y < 28; y++) {
                    ArrayNode row = rows.addArray();
                    for (int x = 0; x < 28; x++) {
                        row.add(images[n * 784 + y * 28 + x]);
                    }
                }
            }
        } else {
            for (float value : images) {
                data.add(value);
            }
        }
        return body.toString();
    }

    static Response infer(String deck, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v2/models/" + deck + "/infer");
    }

    /** A body of the binary tensor data extension: {@code header} (JSON) then {@code data}; sent with its header length. */
    record BinaryBody(byte[] bytes, int headerLength) {

        static BinaryBody of(String header, byte[] data) {
            byte[] json = header.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = Arrays.copyOf(json, json.length + data.length);
            System.arraycopy(data, 0, bytes, json.length, data.length);
            return new BinaryBody(bytes, json.length);
        }
    }

    static byte[] littleEndian(float[] values) {
        return BinaryTensorData.body(new byte[0], values);
    }

    /** The JSON header of a binary request for {@code count} 1x28x28 images, announcing {@code binaryDataSize} bytes. */
    static String binaryHeader(String id, int count, long binaryDataSize, boolean binaryOutput) {
        ObjectNode body = JSON.createObjectNode().put("id", id);
        ObjectNode input = body.putArray("inputs").addObject().put("name", "input").put("datatype", "FP32");
        input.putArray("shape").add(count).add(1).add(28).add(28);
        input.putObject("parameters").put("binary_data_size", binaryDataSize);
        if (binaryOutput) {
            body.putArray("outputs").addObject().put("name", "probabilities").putObject("parameters").put("binary_data", true);
        }
        return body.toString();
    }

    static Response infer(String deck, BinaryBody body, String headerLength) {
        return given().contentType(ContentType.BINARY).header("Inference-Header-Content-Length", headerLength)
                .body(body.bytes()).post("/v2/models/" + deck + "/infer");
    }

    static Response infer(String deck, BinaryBody body) {
        return infer(deck, body, Integer.toString(body.headerLength()));
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
