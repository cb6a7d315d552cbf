package io.cardeck.gateway.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.events.ModelOrigin;
import io.cardeck.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** The pruner-service as the gateway uses it: it owns the model registry and runs the prune jobs. */
@ApplicationScoped
public class Pruner {

    public static final String NAME = "pruner-service";

    private final Peer<PrunerClient> peer;
    private final ObjectMapper json;

    public Pruner(GatewayConfig config, ObjectMapper json) {
        this.peer = new Peer<>(NAME, config.prunerUrl(), PrunerClient.class, config);
        this.json = json;
    }

    /**
     * Registers a model the gateway has validated; the pruner-service validates it again.
     *
     * @param labels class names in the order of the model's output columns
     * @param card the model card (Markdown), or null for none
     */
    public ModelView register(Path file, String fileName, String name, String dataset, List<String> labels,
                              ModelOrigin origin, String card) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("dataset", dataset);
        metadata.put("labels", labels);
        String metadataJson;
        try {
            metadataJson = json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the upload metadata as JSON", e);
        }
        ClientMultipartForm form = ClientMultipartForm.create()
                .binaryFileUpload("file", fileName, file.toString(), MediaType.APPLICATION_OCTET_STREAM)
                .attribute("metadata", metadataJson, null)
                .attribute("origin", origin.name(), null);
        if (card != null) {
            form.attribute("card", card, null);
        }
        return peer.call(client -> client.upload(form));
    }

    /**
     * Gives the model {@code card} (Markdown) in place of the one it has.
     *
     * @throws PeerException with status 404 when the registry has no such model
     */
    public ModelView replaceCard(String id, String card) {
        return peer.call(client -> client.replaceCard(id, card));
    }

    /** Newest first. */
    public List<ModelView> models() {
        return peer.call(PrunerClient::models);
    }

    /** @throws PeerException with status 404 when the registry has no such model */
    public ModelView model(String id) {
        return peer.call(client -> client.model(id));
    }

    /** @throws PeerException with status 404 when the registry has no such model, or the model no card */
    public String card(String id) {
        return peer.call(client -> client.card(id));
    }

    /** The model's ONNX bytes, with the {@code X-Cardeck-Sha256} header. */
    public RestResponse<byte[]> onnx(String id) {
        return peer.call(client -> client.onnx(id));
    }

    /**
     * Checks a prune request against its model, as only the pruner-service can (it holds the models
     * and runs every method).
     *
     * @throws PeerException 404 for an unknown model, 400 for parameters that do not fit it, 422 for
     *     a model the method cannot prune, with the pruner-service's reason
     */
    public void checkPruneRequest(JobRequest request) {
        peer.call(client -> {
            client.checkPruneRequest(request);
            return null;
        });
    }

    /**
     * Cancels the job.
     *
     * @param request the job as the gateway accepted it, or null if the gateway has no record of it
     * @throws PeerException 404 if the pruner-service knows no such job (and none was given), 409 if it has finished
     */
    public PruneJobView cancelPruneJob(String id, JobRequest request) {
        return peer.call(client -> client.cancelPruneJob(id, request));
    }

    /** The job as the pruner-service has it; empty while it does not know the job. */
    public Optional<PruneJobView> pruneJob(String id) {
        try {
            return Optional.of(peer.call(client -> client.pruneJob(id)));
        } catch (PeerException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
