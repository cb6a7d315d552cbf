package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.access.ApiKey;
import io.cardeck.access.PresentedCredential;
import io.cardeck.data.ImageShape;
import io.cardeck.devstack.EventStream;
import io.cardeck.events.BinaryTensorData;
import io.cardeck.metrics.CellsCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
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
 * The platform's public API (the gateway), as the command line calls it. Every request carries the
 * API key when there is one. Any refusal is an error naming the call and saying the server's reason.
 */
final class GatewayClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final Optional<ApiKey> key;

    /** @param key sent as {@code Authorization: Bearer <key>} with every request, when there is one */
    GatewayClient(String url, Optional<ApiKey> key) {
        this.url = url.replaceAll("/+$", "");
        this.key = key;
    }

    String url() {
        return url;
    }

    /** The platform's event stream ({@code /api/events}): every event, or one job's when {@code jobId} is not null. */
    EventStream events(String jobId) {
        return new EventStream(http, request("/api/events" + (jobId == null ? "" : "?jobId=" + segment(jobId))));
    }

    /** True when the gateway answers its readiness check. */
    boolean ready() {
        try {
            return send(get("/q/health/ready")).statusCode() == 200;
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
        return expect(200, "GET", "/api/prune-jobs/" + segment(jobId));
    }

    /** Cancels a prune job; the job as it is then. */
    JsonNode cancelPruneJob(String jobId) {
        String path = "/api/prune-jobs/" + segment(jobId) + "/cancel";
        return expect(200, send(request(path).POST(HttpRequest.BodyPublishers.noBody())), "POST " + path);
    }

    /** The newest {@code limit} dead letters, newest first, each with its payload and, once replayed, when. */
    JsonNode deadLetters(int limit) {
        return expect(200, "GET", "/api/admin/dead-letters?limit=" + limit);
    }

    /** Replays a dead letter to its original topic; once replayed, a replay answers with the first. */
    JsonNode replayDeadLetter(String id) {
        String path = "/api/admin/dead-letters/" + segment(id) + "/replay";
        return expect(200, send(request(path).POST(HttpRequest.BodyPublishers.noBody())), "POST " + path);
    }

    /** Registers an ONNX model: {@code metadata} is the JSON the gateway takes (name, dataset, labels). */
    JsonNode upload(Map<String, Object> metadata, String fileName, byte[] onnx) {
        return post(Map.of("metadata", json(metadata)), fileName, onnx);
    }

    /** Registers a model of the zoo: as {@link #upload}, with origin ZOO and its model card (Markdown). */
    JsonNode uploadZooModel(Map<String, Object> metadata, String card, String fileName, byte[] onnx) {
        return post(Map.of("metadata", json(metadata), "origin", "ZOO", "card", card), fileName, onnx);
    }

    /** {@code POST /api/models} of the ONNX bytes with these text fields. */
    private JsonNode post(Map<String, String> fields, String fileName, byte[] onnx) {
        return expect(201, ModelUpload.post(http, request("/api/models"), fields, fileName, onnx), "POST /api/models");
    }

    /** Gives a registered model {@code card} (Markdown) in place of the one it has; the model as it is then. */
    JsonNode replaceCard(String modelId, String card) {
        String path = "/api/models/" + segment(modelId) + "/card";
        return expect(200, send(request(path).header("Content-Type", "text/markdown; charset=UTF-8")
                .PUT(HttpRequest.BodyPublishers.ofString(card, StandardCharsets.UTF_8))), "PUT " + path);
    }

    /** A registered model's ONNX bytes. */
    byte[] onnx(String modelId) {
        String path = "/api/models/" + segment(modelId) + "/onnx";
        HttpResponse<byte[]> response = sendForBytes(request(path).GET());
        if (response.statusCode() != 200) {
            throw refusal("GET " + path, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    JsonNode evaluations(String modelId) {
        return expect(200, "GET", "/api/evaluations?modelId=" + segment(modelId));
    }

    /** One evaluation with all its corruption x severity cells. */
    JsonNode evaluation(String evaluationId) {
        return expect(200, "GET", "/api/evaluations/" + segment(evaluationId));
    }

    /** One evaluation as the gateway writes it in CSV: one row per corruption x severity cell. */
    String evaluationCsv(String evaluationId) {
        String path = "/api/evaluations/" + segment(evaluationId);
        HttpResponse<String> response = send(request(path).header("Accept", CellsCsv.MEDIA_TYPE).GET());
        if (response.statusCode() != 200) {
            throw refusal("GET " + path, response.statusCode(), response.body());
        }
        return response.body();
    }

    /** Creates a deck, replacing one of the same name. */
    JsonNode replaceDeck(String name, List<Map<String, String>> members, String mode, int k) {
        if (send(request("/api/decks/" + segment(name)).GET()).statusCode() == 200) {
            deleteDeck(name);
        }
        return createDeck(Map.of("name", name, "members", members,
                "gating", Map.of("mode", mode, "k", k, "granularity", "sample")));
    }

    /** Creates a deck from the body {@code POST /api/decks} takes: {name, members: [{modelId, domain}], gating}. */
    JsonNode createDeck(Map<String, Object> deck) {
        return expect(201, send(post("/api/decks", json(deck))), "POST /api/decks (" + deck.get("name") + ")");
    }

    JsonNode deck(String name) {
        return expect(200, "GET", "/api/decks/" + segment(name));
    }

    void deleteDeck(String name) {
        String path = "/api/decks/" + segment(name);
        expect(204, send(request(path).DELETE()), "DELETE " + path);
    }

    /** A deck as an Open Inference Protocol model: input shape, labels, gate settings, members. */
    JsonNode deckMetadata(String name) {
        return expect(200, "GET", "/v2/models/" + segment(name));
    }

    /** A deck's answer: the response's JSON (parameters: members used, the gate's choices) and the probabilities. */
    record Inference(JsonNode response, float[] probabilities) {
    }

    /**
     * Open Inference Protocol v2 with binary tensor data both ways: {@code count} images of {@code shape}
     * as little-endian FP32 after the JSON header, and the probabilities back the same way.
     */
    Inference infer(String deck, float[] images, int count, ImageShape shape) {
        InferenceRequest inference = new InferenceRequest(images, count, shape);
        String path = "/v2/models/" + segment(deck) + "/infer";
        String call = "POST " + path;
        HttpResponse<byte[]> response = sendForBytes(request(path)
                .header("Content-Type", "application/octet-stream")
                .header(BinaryTensorData.HEADER, Integer.toString(inference.header().length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(inference.binaryBody())));
        byte[] answer = response.body();
        if (response.statusCode() != 200) {
            throw refusal(call, response.statusCode(), new String(answer, StandardCharsets.UTF_8));
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

    /** Every request starts here, so that each carries the credential. */
    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path));
        key.ifPresent(k -> request.header(PresentedCredential.AUTHORIZATION, "Bearer " + k.reveal()));
        return request;
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** A user's id or name as one path segment or query value: whatever it holds, the gateway judges it, not URI syntax. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode expect(int status, String method, String path) {
        return expect(status, send(request(path).method(method, HttpRequest.BodyPublishers.noBody())), method + " " + path);
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

    private static JsonNode expect(int status, HttpResponse<String> response, String call) {
        if (response.statusCode() != status) {
            throw refusal(call, response.statusCode(), response.body());
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

    /** A refusal in one line: the call, the status and the server's own words ({@code error} of its JSON body). */
    static IllegalStateException refusal(String call, int status, String body) {
        String reason = body;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) {
                reason = error.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the body is the reason as it is
        }
        return new IllegalStateException(call + " answered " + status + ": " + reason.strip().replaceAll("\\s*\\R\\s*", " "));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
