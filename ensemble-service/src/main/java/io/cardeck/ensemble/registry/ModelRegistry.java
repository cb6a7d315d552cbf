package io.cardeck.ensemble.registry;

import io.cardeck.ensemble.service.DeckException;
import io.cardeck.onnx.ModelDigest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads models from the registry: an unknown model is a 404 {@link DeckException}, an unreachable or
 * failing registry a 503 one, and served bytes must have the SHA-256 the registry described.
 */
@ApplicationScoped
public class ModelRegistry {

    private final ModelRegistryClient client;

    ModelRegistry(@RestClient ModelRegistryClient client) {
        this.client = client;
    }

    public RegisteredModel describe(UUID modelId) {
        return call(modelId, () -> client.describe(modelId.toString()));
    }

    /** The ONNX bytes of {@code modelId}, checked against {@code sha256}. */
    public byte[] onnx(UUID modelId, String sha256) {
        return ModelDigest.verified(call(modelId, () -> client.onnx(modelId.toString())), sha256,
                actual -> DeckException.unavailable("the model registry served bytes with SHA-256 " + actual + " for model "
                        + modelId + ", registered with " + sha256));
    }

    private static <T> T call(UUID modelId, Supplier<T> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                throw DeckException.notFound("model " + modelId + " does not exist in the model registry");
            }
            throw DeckException.unavailable("the model registry answered " + status + " for model " + modelId);
        } catch (ProcessingException e) {
            throw DeckException.unavailable("the model registry is unreachable: " + e.getMessage());
        }
    }
}
