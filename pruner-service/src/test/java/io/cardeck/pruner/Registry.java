package io.cardeck.pruner;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.onnx.OnnxModel;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Uploads to the service's REST API, as the gateway makes them. */
final class Registry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Registry() {
    }

    static String metadata(String name, String dataset, List<String> labels) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("dataset", dataset);
        fields.put("labels", labels);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response upload(byte[] onnx, String metadata) {
        return given().multiPart("file", "model.onnx", onnx, "application/octet-stream")
                .multiPart("metadata", metadata, "application/json")
                .when().post("/models");
    }

    /** Uploads a Fashion-MNIST model and returns its id. */
    static String register(OnnxModel model, String name) {
        return upload(model.toBytes(), metadata(name, "fashion-mnist", TestModels.LABELS))
                .then().statusCode(201).extract().path("id");
    }
}
