package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.access.ApiKey;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.zoo.ModelCards;
import io.cardeck.zoo.ZooManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the zoo of a manifest (its dense models and its CARDs) through the platform's gateway,
 * once per model, each with origin ZOO and its model card as the manifest writes it; a model
 * registered already gets the card the manifest writes now (its figures may have been measured again).
 * The gateway is all it needs, with an admin key: a platform in containers publishes nothing else.
 */
public final class ZooRegistration {

    private final GatewayClient gateway;

    /** @param gateway a client of the gateway that sends an admin key (uploads and cards need the admin role) */
    ZooRegistration(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /** Through the gateway at {@code gatewayUrl}, sending {@code adminKey}. */
    public ZooRegistration(String gatewayUrl, ApiKey adminKey) {
        this(new GatewayClient(gatewayUrl, Optional.of(adminKey)));
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
            try {
                if (id != null) {
                    gateway.replaceCard(id, card);
                    present.add(name);
                    continue;
                }
                OnnxModel model = EvalCommand.load(models.resolve(file.getValue()));
                gateway.uploadZooModel(Map.of("name", name, "dataset", model.metadata().dataset(), "labels",
                        model.metadata().labels()), card, Path.of(file.getValue()).getFileName().toString(), model.toBytes());
            } catch (IllegalStateException e) {
                throw new IllegalStateException("registering the zoo's " + name + " through the gateway at " + gateway.url()
                        + " failed: " + e.getMessage(), e);
            }
            added.add(name);
        }
        return new Result(added, present);
    }

    /** Ids of the registered models by name and SHA-256 ({@code name/sha256}). */
    private Map<String, String> registered() {
        Map<String, String> known = new HashMap<>();
        for (JsonNode model : gateway.models()) {
            known.put(model.get("name").asText() + "/" + model.get("sha256").asText(), model.get("id").asText());
        }
        return known;
    }
}
