package io.cardeck.evaluator.registry;

import io.cardeck.evaluator.config.EvaluatorConfig;
import io.cardeck.onnx.ModelDigest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Fetches a model's ONNX bytes from the registry and checks them against the SHA-256 the ModelReady
 * event announced. Connection errors and 5xx answers are tried again with a doubling backoff; a 4xx
 * answer (no such model) fails at once.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ModelRegistryClient client;
    private final EvaluatorConfig config;

    ModelRegistry(@RestClient ModelRegistryClient client, EvaluatorConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * The bytes of {@code modelId}, whose SHA-256 must be {@code sha256}.
     *
     * @throws ModelUnavailableException when the registry does not serve them or serves other bytes
     */
    public byte[] onnx(UUID modelId, String sha256) throws InterruptedException {
        String where = "GET " + config.registryUrl() + "/models/" + modelId + "/onnx";
        int attempts = config.fetch().attempts();
        Duration wait = config.fetch().backoff();
        for (int attempt = 1; ; attempt++) {
            String problem;
            RuntimeException cause;
            try {
                return checked(client.onnx(modelId.toString()), modelId, sha256);
            } catch (WebApplicationException e) {
                int status = e.getResponse().getStatus();
                if (status < 500) {
                    throw new ModelUnavailableException("the model registry cannot serve model " + modelId + ": " + where
                            + " answered " + status + (status == 404 ? " (no such model)" : ""), e);
                }
                problem = where + " answered " + status;
                cause = e;
            } catch (ProcessingException e) {
                problem = where + " failed: " + e.getMessage();
                cause = e;
            }
            if (attempt >= attempts) {
                throw new ModelUnavailableException("cannot fetch model " + modelId + " from the model registry after "
                        + attempts + " attempt(s): " + problem, cause);
            }
            LOG.warnf("%s; trying again in %s (attempt %d of %d)", problem, wait, attempt + 1, attempts);
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2);
        }
    }

    private static byte[] checked(byte[] bytes, UUID modelId, String sha256) {
        return ModelDigest.verified(bytes, sha256, actual -> new ModelUnavailableException("the model registry served "
                + bytes.length + " bytes for model " + modelId + " with SHA-256 " + actual
                + ", but the ModelReady event announced " + sha256, null));
    }
}
