package io.cardeck.ensemble.registry;

import io.cardeck.ensemble.service.DeckException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        byte[] bytes = call(modelId, () -> client.onnx(modelId.toString()));
        String actual = sha256(bytes);
        if (!actual.equals(sha256)) {
            throw DeckException.unavailable("the model registry served bytes with SHA-256 " + actual + " for model "
                    + modelId + ", registered with " + sha256);
        }
        return bytes;
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

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }
}
