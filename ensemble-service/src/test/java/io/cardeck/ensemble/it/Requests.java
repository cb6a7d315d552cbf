package io.cardeck.ensemble.it;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
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

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
