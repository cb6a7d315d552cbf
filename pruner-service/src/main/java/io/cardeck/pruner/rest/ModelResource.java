package io.cardeck.pruner.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.cardeck.events.ModelOrigin;
import io.cardeck.pruner.config.PrunerConfig;
import io.cardeck.pruner.repository.RegisteredModel;
import io.cardeck.pruner.service.ModelDescription;
import io.cardeck.pruner.service.ModelRegistry;
import io.cardeck.pruner.service.RejectedException;
import io.cardeck.pruner.service.Rejection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The model registry: upload, list, describe and download models. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    /** Header of a download: the SHA-256 of the bytes, lowercase hex. */
    public static final String SHA256_HEADER = "X-Cardeck-Sha256";

    private final ModelRegistry registry;
    private final PrunerConfig config;
    private final ObjectReader metadataReader;

    public ModelResource(ModelRegistry registry, PrunerConfig config, ObjectMapper json) {
        this.registry = registry;
        this.config = config;
        this.metadataReader = json.readerFor(ModelDescription.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** How a model card is sent and answered. */
    public static final String MARKDOWN = "text/markdown";

    /**
     * Registers a model: {@code file} (the ONNX bytes), {@code metadata} (JSON name, dataset,
     * labels), optionally {@code origin} (UPLOAD, the default, or ZOO) and {@code card} (the model
     * card's Markdown).
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("file") FileUpload file, @RestForm("metadata") String metadata,
                           @RestForm("origin") String origin, @RestForm("card") String card) {
        if (file == null) {
            throw invalid("the multipart part 'file' is missing; send the ONNX model as a file part named 'file'");
        }
        ModelDescription description = description(metadata);
        ModelOrigin modelOrigin = origin(origin);
        if (file.size() > config.maxModelBytes()) {
            throw new RejectedException(Rejection.TOO_LARGE, source(file) + ": the model is " + file.size()
                    + " bytes, more than the limit of " + config.maxModelBytes() + " bytes");
        }
        RegisteredModel model = registry.register(read(file), source(file), description, modelOrigin, card);
        return Response.created(URI.create("/models/" + model.id)).entity(ModelView.of(model)).build();
    }

    @GET
    public List<ModelView> list() {
        return registry.newestFirst().stream().map(ModelView::of).toList();
    }

    @GET
    @Path("/{id}")
    public ModelView get(@PathParam("id") String id) {
        return ModelView.of(registry.get(Ids.parse(id, "model")));
    }

    @GET
    @Path("/{id}/onnx")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response onnx(@PathParam("id") String id) {
        RegisteredModel model = registry.get(Ids.parse(id, "model"));
        return Response.ok(registry.onnx(model.id), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(SHA256_HEADER, model.sha256)
                .header("Content-Disposition", "attachment; filename=\"" + model.id + ".onnx\"")
                .build();
    }

    /** The model's card: 404 when the model has none. */
    @GET
    @Path("/{id}/card")
    @Produces(MARKDOWN + ";charset=UTF-8")
    public String card(@PathParam("id") String id) {
        RegisteredModel model = registry.get(Ids.parse(id, "model"));
        if (model.card == null) {
            throw new RejectedException(Rejection.UNKNOWN, "model " + model.id + " (" + model.name + ") has no model card;"
                    + " the zoo's models and CARDs get theirs when ./cardeck up or demo registers them");
        }
        return model.card;
    }

    /** Gives the model this card (Markdown) in place of the one it has; answers the model. */
    @PUT
    @Path("/{id}/card")
    @Consumes({MARKDOWN, MediaType.TEXT_PLAIN})
    public ModelView replaceCard(@PathParam("id") String id, String card) {
        return ModelView.of(registry.replaceCard(Ids.parse(id, "model"), card));
    }

    private ModelDescription description(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            throw invalid("the multipart part 'metadata' is missing; send JSON {\"name\": ..., \"dataset\": ..., \"labels\": [...]}");
        }
        try {
            return metadataReader.readValue(metadata);
        } catch (UnrecognizedPropertyException e) {
            throw invalid("metadata has the unknown field '" + e.getPropertyName() + "'; accepted: name, dataset, labels");
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof RejectedException rejected) {
                throw rejected;
            }
            throw invalid("metadata is not valid JSON of the form {\"name\": ..., \"dataset\": ..., \"labels\": [...]}: "
                    + e.getOriginalMessage());
        }
    }

    private static ModelOrigin origin(String origin) {
        try {
            return ModelOrigin.ofRegistration(origin);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static String source(FileUpload file) {
        return file.fileName() == null || file.fileName().isBlank() ? "upload" : file.fileName();
    }

    private static byte[] read(FileUpload file) {
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file " + file.uploadedFile(), e);
        }
    }

    private static RejectedException invalid(String message) {
        return new RejectedException(Rejection.INVALID, message);
    }
}
