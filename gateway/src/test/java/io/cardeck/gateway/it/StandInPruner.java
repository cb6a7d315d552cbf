package io.cardeck.gateway.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cardeck.onnx.ModelDigest;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.graph.UnsupportedGraphException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test double for the pruner-service's internal REST API, just enough of its contract for the
 * gateway's own tests: {@code POST /models} registers and echoes a ModelView (with the origin and card
 * sent, if any), {@code GET /models}, {@code GET /models/{id}}, {@code GET /models/{id}/onnx},
 * {@code GET} and {@code PUT /models/{id}/card}, {@code GET /prune-jobs/{id}} for the jobs
 * it has (none but those cancelled or {@link #finishedJob finished} here),
 * {@code POST /prune-jobs/{id}/cancel}: 409 for a finished job, and for one it does not have, a
 * CANCELLED job made from the request in the body, or 404 without one, and
 * {@code POST /prune-jobs/check}, which runs the pruning library's own check on the models
 * registered as ONNX ({@link #register(String, OnnxModel)}) as the real service does (400, 422).
 * Unknown ids are 404 with {@code {"error": ...}}, as the real service answers.
 */
public final class StandInPruner implements AutoCloseable {

    /**
     * What the gateway forwarded for one upload.
     *
     * @param origin the {@code origin} field, null if none was sent
     * @param card the {@code card} field, null if none was sent
     */
    public record Upload(String fileName, byte[] bytes, String metadata, String origin, String card) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MODEL = Pattern.compile("/models/([^/]+)");
    private static final Pattern MODEL_ONNX = Pattern.compile("/models/([^/]+)/onnx");
    private static final Pattern MODEL_CARD = Pattern.compile("/models/([^/]+)/card");
    private static final Pattern PRUNE_JOB = Pattern.compile("/prune-jobs/([^/]+)");
    private static final Pattern CANCEL = Pattern.compile("/prune-jobs/([^/]+)/cancel");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, ObjectNode> models = new ConcurrentHashMap<>();
    private final Map<String, String> cards = new ConcurrentHashMap<>();
    private final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
    /** The registered models that are ONNX (the others are stand-in bytes). */
    private final Map<String, OnnxModel> onnxModels = new ConcurrentHashMap<>();
    private final List<String> cancellations = new CopyOnWriteArrayList<>();

    private StandInPruner() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static StandInPruner start() {
        try {
            return new StandInPruner();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stand-in pruner-service", e);
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every upload the gateway forwarded, in order. */
    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    /** The body of each cancellation the gateway forwarded ("" for none), in order. */
    public List<String> cancellations() {
        return List.copyOf(cancellations);
    }

    /** A job of {@code modelId} that SUCCEEDED, as if the pruner-service had run it; returns its id. */
    public String finishedJob(String modelId) {
        String id = UUID.randomUUID().toString();
        ObjectNode job = JSON.createObjectNode();
        job.put("id", id);
        job.put("modelId", modelId);
        job.put("method", "magnitude");
        job.putObject("params").put("sparsity", 0.5);
        job.put("status", "SUCCEEDED");
        job.put("resultModelId", register("result of " + id));
        job.put("percent", 100.0);
        job.put("stage", "stored");
        job.put("attempts", 1);
        job.put("createdAt", Instant.now().toString());
        job.put("updatedAt", Instant.now().toString());
        jobs.put(id, job);
        return id;
    }

    /** Registers a model directly, as if it had been uploaded earlier; returns its id. */
    public String register(String name) {
        return register(name, name.getBytes(StandardCharsets.UTF_8));
    }

    /** Registers a model with a model card, as the zoo's registration does; returns its id. */
    public String registerWithCard(String name, String card) {
        String id = register(name);
        cards.put(id, card);
        models.get(id).put("hasCard", true);
        return id;
    }

    /** Registers a real model, which prune requests are checked against; returns its id. */
    public String register(String name, OnnxModel model) {
        return register(name, model.toBytes());
    }

    private String register(String name, byte[] bytes) {
        String id = UUID.randomUUID().toString();
        models.put(id, view(id, name, "fashion-mnist", List.of("a", "b"), bytes));
        artifacts.put(id, bytes);
        onnxModels.computeIfAbsent(id, key -> parsed(bytes));
        return id;
    }

    private static OnnxModel parsed(byte[] bytes) {
        try {
            return OnnxModel.parse(bytes, "model");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher onnx = MODEL_ONNX.matcher(path);
            Matcher card = MODEL_CARD.matcher(path);
            Matcher model = MODEL.matcher(path);
            Matcher job = PRUNE_JOB.matcher(path);
            Matcher cancel = CANCEL.matcher(path);
            if (method.equals("POST") && path.equals("/models")) {
                upload(exchange);
            } else if (method.equals("PUT") && card.matches() && models.containsKey(card.group(1))) {
                replaceCard(exchange, card.group(1));
            } else if (method.equals("PUT") && card.matches()) {
                error(exchange, 404, "model " + card.group(1) + " not found");
            } else if (method.equals("POST") && path.equals("/prune-jobs/check")) {
                check(exchange);
            } else if (method.equals("POST") && cancel.matches()) {
                cancel(exchange, cancel.group(1));
            } else if (method.equals("GET") && job.matches() && jobs.containsKey(job.group(1))) {
                send(exchange, 200, "application/json", JSON.writeValueAsBytes(jobs.get(job.group(1))));
            } else if (method.equals("GET") && path.equals("/models")) {
                ArrayNode list = JSON.createArrayNode();
                models.values().forEach(list::add);
                send(exchange, 200, "application/json", JSON.writeValueAsBytes(list));
            } else if (method.equals("GET") && onnx.matches() && artifacts.containsKey(onnx.group(1))) {
                byte[] bytes = artifacts.get(onnx.group(1));
                exchange.getResponseHeaders().add("X-Cardeck-Sha256", ModelDigest.sha256(bytes));
                send(exchange, 200, "application/octet-stream", bytes);
            } else if (method.equals("GET") && card.matches() && cards.containsKey(card.group(1))) {
                send(exchange, 200, "text/markdown;charset=UTF-8", cards.get(card.group(1)).getBytes(StandardCharsets.UTF_8));
            } else if (method.equals("GET") && card.matches() && models.containsKey(card.group(1))) {
                error(exchange, 404, "model " + card.group(1) + " has no model card");
            } else if (method.equals("GET") && model.matches() && models.containsKey(model.group(1))) {
                send(exchange, 200, "application/json", JSON.writeValueAsBytes(models.get(model.group(1))));
            } else if (method.equals("GET") && (model.matches() || onnx.matches() || card.matches())) {
                error(exchange, 404, "model " + (model.matches() ? model.group(1) : onnx.matches() ? onnx.group(1)
                        : card.group(1)) + " not found");
            } else if (method.equals("GET") && job.matches()) {
                error(exchange, 404, "prune job " + job.group(1) + " not found");
            } else {
                error(exchange, 404, "no route " + method + " " + path);
            }
        }
    }

    private void check(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String modelId = request.path("modelId").asText();
        if (!models.containsKey(modelId)) {
            error(exchange, 404, "model " + modelId + " not found");
            return;
        }
        OnnxModel model = onnxModels.get(modelId);
        if (model != null) {
            try {
                PruningMethods.check(model, request.path("method").asText(),
                        JSON.convertValue(request.path("params"), new TypeReference<Map<String, Object>>() { }));
            } catch (UnsupportedGraphException e) {
                error(exchange, 422, e.getMessage());
                return;
            } catch (InvalidParameterException e) {
                error(exchange, 400, e.getMessage());
                return;
            }
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private void cancel(HttpExchange exchange, String id) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        cancellations.add(body);
        ObjectNode job = jobs.get(id);
        if (job != null && !job.get("status").asText().equals("PENDING")) {
            error(exchange, 409, "prune job " + id + " is " + job.get("status").asText()
                    + "; only a PENDING or RUNNING job can be cancelled");
            return;
        }
        if (job == null && body.isBlank()) {
            error(exchange, 404, "no prune job with id " + id);
            return;
        }
        if (job == null) {
            job = (ObjectNode) JSON.readTree(body);
            job.put("id", id);
            job.put("attempts", 0);
            job.put("percent", 0.0);
            job.put("createdAt", Instant.now().toString());
            job.put("updatedAt", Instant.now().toString());
        }
        job.put("status", "CANCELLED");
        jobs.put(id, job);
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(job));
    }

    private void upload(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, Part> parts = Part.parse(contentType, exchange.getRequestBody().readAllBytes());
        Part file = parts.get("file");
        Part metadata = parts.get("metadata");
        if (file == null || metadata == null) {
            error(exchange, 400, "expected the parts 'file' and 'metadata', got " + parts.keySet());
            return;
        }
        String metadataJson = new String(metadata.body(), StandardCharsets.UTF_8);
        String origin = parts.containsKey("origin") ? parts.get("origin").text() : null;
        String card = parts.containsKey("card") ? parts.get("card").text() : null;
        uploads.add(new Upload(file.fileName(), file.body(), metadataJson, origin, card));
        ObjectNode fields = (ObjectNode) JSON.readTree(metadataJson);
        List<String> labels = new ArrayList<>();
        fields.get("labels").forEach(label -> labels.add(label.asText()));
        String id = UUID.randomUUID().toString();
        ObjectNode view = view(id, fields.get("name").asText(), fields.get("dataset").asText(), labels, file.body());
        if (origin != null) {
            view.put("origin", origin);
        }
        if (card != null) {
            cards.put(id, card);
            view.put("hasCard", true);
        }
        models.put(id, view);
        artifacts.put(id, file.body());
        send(exchange, 201, "application/json", JSON.writeValueAsBytes(view));
    }

    private void replaceCard(HttpExchange exchange, String id) throws IOException {
        cards.put(id, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ObjectNode view = models.get(id);
        view.put("hasCard", true);
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(view));
    }

    private static ObjectNode view(String id, String name, String dataset, List<String> labels, byte[] bytes) {
        ObjectNode view = JSON.createObjectNode();
        view.put("id", id);
        view.put("name", name);
        view.put("dataset", dataset);
        labels.forEach(view.putArray("labels")::add);
        view.put("origin", "UPLOAD");
        view.putNull("parentId");
        view.put("sha256", ModelDigest.sha256(bytes));
        view.put("sizeBytes", bytes.length);
        view.putArray("inputShape").add(1).add(28).add(28);
        view.put("parameters", 61706);
        view.put("nonZeroParameters", 61706);
        view.put("macs", 416520);
        view.putNull("lineage");
        view.put("createdAt", Instant.now().toString());
        view.put("hasCard", false);
        return view;
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(Map.of("error", message)));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** One part of a multipart/form-data body. */
    private record Part(String name, String fileName, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
        private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

        static Map<String, Part> parse(String contentType, byte[] body) {
            String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length())
                    .replace("\"", "").split(";")[0].strip();
            // ISO-8859-1 maps bytes to chars one to one, so the file part survives the round trip.
            String text = new String(body, StandardCharsets.ISO_8859_1);
            Map<String, Part> parts = new LinkedHashMap<>();
            for (String section : text.split("--" + Pattern.quote(boundary))) {
                int headerEnd = section.indexOf("\r\n\r\n");
                if (headerEnd < 0) {
                    continue;
                }
                String headers = section.substring(0, headerEnd);
                String content = section.substring(headerEnd + 4, section.length() - 2);
                Matcher name = NAME.matcher(headers);
                if (name.find()) {
                    Matcher fileName = FILE_NAME.matcher(headers);
                    parts.put(name.group(1), new Part(name.group(1), fileName.find() ? fileName.group(1) : null,
                            content.getBytes(StandardCharsets.ISO_8859_1)));
                }
            }
            return parts;
        }
    }
}
