package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.access.ServiceCredential;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.zoo.ModelCards;
import io.cardeck.zoo.ZooManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the zoo of a manifest (its dense models and its CARDs) with the model registry (the
 * pruner-service), once per model, each with its model card as the manifest writes it; a model
 * registered already gets the card the manifest writes now (its figures may have been measured again).
 */
public final class ZooRegistration {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String registryUrl;
    private final Optional<String> serviceCredential;

    /** @param serviceCredential the platform's service credential, which the registry requires (none: not sent) */
    public ZooRegistration(String registryUrl, Optional<String> serviceCredential) {
        this.registryUrl = registryUrl;
        this.serviceCredential = serviceCredential;
    }

    /** Names registered now and names found already registered with the same SHA-256. */
    public record Result(List<String> registered, List<String> present) {}

    public Result register(Path models) {
        Map<String, String> known = registered();
        List<String> added = new ArrayList<>();
        List<String> present = new ArrayList<>();
        ZooManifest manifest = ZooManifest.read(models);
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        manifest.models().forEach(entry -> {
            files.put(entry.name(), entry.file());
            digests.put(entry.name(), entry.sha256());
        });
        manifest.cards().forEach(card -> {
            files.put(card.name(), card.file());
            digests.put(card.name(), card.sha256());
        });
        for (Map.Entry<String, String> file : files.entrySet()) {
            String name = file.getKey();
            String card = ModelCards.of(manifest, name);
            String id = known.get(name + "/" + digests.get(name));
            if (id != null) {
                replaceCard(name, id, card);
                present.add(name);
                continue;
            }
            OnnxModel model = EvalCommand.load(models.resolve(file.getValue()));
            String metadata = json(Map.of("name", name, "dataset", model.metadata().dataset(), "labels",
                    model.metadata().labels()));
            HttpResponse<String> response = ModelUpload.post(http, request("/models"),
                    Map.of("metadata", metadata, "origin", "ZOO", "card", card), Path.of(file.getValue()).getFileName().toString(),
                    model.toBytes());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("registering " + name + " failed with " + response.statusCode()
                        + ": " + response.body());
            }
            added.add(name);
        }
        return new Result(added, present);
    }

    /** Ids of the registered models by name and SHA-256 ({@code name/sha256}). */
    private Map<String, String> registered() {
        HttpResponse<String> response = send(request("/models").GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the registry at " + registryUrl + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            Map<String, String> known = new HashMap<>();
            for (JsonNode model : JSON.readTree(response.body())) {
                known.put(model.get("name").asText() + "/" + model.get("sha256").asText(), model.get("id").asText());
            }
            return known;
        } catch (IOException e) {
            throw new IllegalStateException("the registry at " + registryUrl + " answered " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registryUrl + path));
        serviceCredential.ifPresent(credential -> request.header(ServiceCredential.HEADER, credential));
        return request;
    }

    private void replaceCard(String name, String id, String card) {
        HttpResponse<String> response = send(request("/models/" + id + "/card").header("Content-Type", "text/markdown; charset=UTF-8")
                .PUT(HttpRequest.BodyPublishers.ofString(card)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("giving " + name + " its model card failed with " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the registry at " + registryUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
