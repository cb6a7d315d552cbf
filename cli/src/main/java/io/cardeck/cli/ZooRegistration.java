package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.access.ServiceCredential;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Registers the zoo of a manifest with the model registry (the pruner-service), once per model. */
final class ZooRegistration {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String registryUrl;
    private final Optional<String> serviceCredential;

    /** @param serviceCredential the platform's service credential, which the registry requires (none: not sent) */
    ZooRegistration(String registryUrl, Optional<String> serviceCredential) {
        this.registryUrl = registryUrl;
        this.serviceCredential = serviceCredential;
    }

    /** Names registered now and names found already registered with the same SHA-256. */
    record Result(List<String> registered, List<String> present) {}

    Result register(Path models) {
        Set<String> known = registered();
        List<String> added = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (ZooEntry entry : ZooManifest.read(models).models()) {
            if (known.contains(entry.name() + "/" + entry.sha256())) {
                present.add(entry.name());
                continue;
            }
            OnnxModel model = EvalCommand.load(models.resolve(entry.file()));
            String metadata = json(Map.of("name", entry.name(), "dataset", entry.dataset(), "labels", model.metadata().labels()));
            HttpResponse<String> response = ModelUpload.post(http, request("/models"),
                    Map.of("metadata", metadata, "origin", "ZOO"), entry.file(), model.toBytes());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("registering " + entry.name() + " failed with " + response.statusCode()
                        + ": " + response.body());
            }
            added.add(entry.name());
        }
        return new Result(added, present);
    }

    private Set<String> registered() {
        HttpResponse<String> response = get("/models");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the registry at " + registryUrl + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            Set<String> known = new HashSet<>();
            for (JsonNode model : JSON.readTree(response.body())) {
                known.add(model.get("name").asText() + "/" + model.get("sha256").asText());
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

    private HttpResponse<String> get(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
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
