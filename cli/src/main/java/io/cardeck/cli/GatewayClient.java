package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.access.ApiKey;
import io.cardeck.access.PresentedCredential;
import io.cardeck.data.ImageShape;
import io.cardeck.events.BinaryTensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's public API (the gateway), as the command line calls it, sending the API key with
 * every call but the health check. Any refusal is an error naming the call.
 */
final class GatewayClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final Optional<ApiKey> key;

    GatewayClient(String url, Optional<ApiKey> key) {
        this.url = url;
        this.key = key;
    }

    String url() {
        return url;
    }

    HttpClient http() {
        return http;
    }

    /** True when the gateway answers its readiness check. */
    boolean ready() {
        try {
            return send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).GET()).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    JsonNode models() {
        return expect(200, send(get("/api/models")), "GET /api/models");
    }

    /** Starts a prune job; its id. The gateway checks the method and parameters (400 with the reason). */
    String prune(String modelId, String method, Map<String, Object> params) {
        String body = json(Map.of("modelId", modelId, "method", method, "params", params));
        return expect(202, send(post("/api/prune-jobs", body)), "POST /api/prune-jobs").get("id").asText();
    }

    /** A prune job: status, progress, result model, error. */
    JsonNode pruneJob(String jobId) {
        return expect(200, send(get("/api/prune-jobs/" + jobId)), "GET /api/prune-jobs/" + jobId);
    }

    /** A registered model's ONNX bytes. */
    byte[] onnx(String modelId) {
        String call = "GET /api/models/" + modelId + "/onnx";
        HttpResponse<byte[]> response = sendForBytes(get("/api/models/" + modelId + "/onnx"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(call + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    JsonNode evaluations(String modelId) {
        return expect(200, send(get("/api/evaluations?modelId=" + modelId)), "GET /api/evaluations");
    }

    /** Creates a deck, replacing one of the same name. */
    JsonNode replaceDeck(String name, List<Map<String, String>> members, String mode, int k) {
        HttpResponse<String> existing = send(get("/api/decks/" + name));
        if (existing.statusCode() == 200) {
            expect(204, send(request("/api/decks/" + name).DELETE()), "DELETE /api/decks/" + name);
        }
        String body = json(Map.of("name", name, "members", members,
                "gating", Map.of("mode", mode, "k", k, "granularity", "sample")));
        return expect(201, send(post("/api/decks", body)), "POST /api/decks (" + name + ")");
    }

    JsonNode deck(String name) {
        return expect(200, send(get("/api/decks/" + name)), "GET /api/decks/" + name);
    }

    /** A deck's answer: the response's JSON (parameters: members used, the gate's choices) and the probabilities. */
    record Inference(JsonNode response, float[] probabilities) {
    }

    /**
     * Open Inference Protocol v2 with binary tensor data both ways: {@code count} images of {@code shape}
     * as little-endian FP32 after the JSON header, and the probabilities back the same way.
     */
    Inference infer(String deck, float[] images, int count, ImageShape shape) {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode input = header.putArray("inputs").addObject().put("name", "input").put("datatype", "FP32");
        input.putArray("shape").add(count).add(shape.channels()).add(shape.height()).add(shape.width());
        input.putObject("parameters").put("binary_data_size", images.length * Float.BYTES);
        header.putObject("parameters").put("binary_data_output", true);
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        String call = "POST /v2/models/" + deck + "/infer";
        HttpResponse<byte[]> response = sendForBytes(request("/v2/models/" + deck + "/infer")
                .header("Content-Type", "application/octet-stream")
                .header(BinaryTensorData.HEADER, Integer.toString(json.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(BinaryTensorData.body(json, images))));
        byte[] answer = response.body();
        if (response.statusCode() != 200) {
            throw new IllegalStateException(call + " answered " + response.statusCode() + ": " + new String(answer, StandardCharsets.UTF_8));
        }
        int jsonLength = response.headers().firstValue(BinaryTensorData.HEADER).map(BinaryTensorData::headerLength)
                .filter(length -> length.isPresent() && length.getAsInt() <= answer.length)
                .orElseThrow(() -> new IllegalStateException(call + " answered without a valid " + BinaryTensorData.HEADER))
                .getAsInt();
        try {
            return new Inference(JSON.readTree(Arrays.copyOf(answer, jsonLength)), BinaryTensorData.values(answer, jsonLength));
        } catch (IOException e) {
            throw new IllegalStateException(call + " answered a header that is not JSON", e);
        }
    }

    /** A request to the gateway at {@code path} with the API key, if one was given. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path));
        key.ifPresent(k -> request.header(PresentedCredential.AUTHORIZATION, "Bearer " + k.reveal()));
        return request;
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.timeout(Duration.ofMinutes(2)).build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the gateway at " + url + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the gateway", e);
        }
    }

    private JsonNode expect(int status, HttpResponse<String> response, String call) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(call + " answered " + response.statusCode() + ": " + response.body()
                    + (response.statusCode() == 401 && key.isEmpty()
                    ? " (give the key with --api-key or $" + GatewayKeyOption.ENVIRONMENT + ")" : ""));
        }
        if (response.body().isEmpty()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(call + " answered something that is not JSON: " + response.body(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
