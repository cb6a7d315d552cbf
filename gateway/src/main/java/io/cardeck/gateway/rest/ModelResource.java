package io.cardeck.gateway.rest;

import io.cardeck.events.ModelOrigin;
import io.cardeck.gateway.client.ModelView;
import io.cardeck.gateway.client.Pruner;
import io.cardeck.gateway.client.PrunerClient;
import io.cardeck.gateway.service.Identifiers;
import io.cardeck.gateway.service.InvalidInputException;
import io.cardeck.gateway.service.ModelUploads;
import io.cardeck.gateway.service.UploadMetadata;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Models: uploads and cards are checked here and registered by the pruner-service; reads come from it. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models", description = "Upload ONNX classifiers and read the model registry")
public class ModelResource {

    static final String SHA256_HEADER = "X-Cardeck-Sha256";
    private static final int MAX_FILE_NAME = 200;

    private final ModelUploads uploads;
    private final Pruner pruner;

    public ModelResource(ModelUploads uploads, Pruner pruner) {
        this.uploads = uploads;
        this.pruner = pruner;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload an ONNX image classifier",
            description = "Multipart: 'file' is the ONNX model (NCHW float input of the dataset's image shape, one"
                    + " output per label), 'metadata' a JSON object {name, dataset, labels}; optionally 'origin' (UPLOAD,"
                    + " the default, or ZOO for a model of cardeck's zoo, as ./cardeck up and demo register them; PRUNED"
                    + " is given by prune jobs only) and 'card' (the model card's Markdown, at most 65536 characters, no"
                    + " control characters but line breaks and tabs). The model is checked (parsed; its graph against"
                    + " the upload limits: operators, weights, what nodes allocate; then loaded by ONNX Runtime and run"
                    + " on a zero image within a time budget) before it is registered; it is then evaluated"
                    + " automatically.")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "400", description = "Missing file, or invalid metadata, origin or card",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Larger than cardeck.gateway.max-model-size",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "415", description = "Not an ONNX model",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "An ONNX model cardeck cannot use (an operator, weights or an"
            + " allocation beyond the upload limits, naming the node; runtime, time budget, input shape, classes)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "As many uploads are being checked as the gateway checks at once"
            + " (cardeck.gateway.uploads.max-concurrent); retry after Retry-After seconds",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "The pruner-service is unavailable",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RestResponse<ModelView> upload(@RestForm("file") FileUpload file, @RestForm("metadata") String metadata,
                                          @RestForm("origin") String origin, @RestForm("card") String card) {
        if (file == null) {
            throw new InvalidInputException("multipart field 'file' is missing; send the ONNX model as a file part"
                    + " named 'file' and its metadata as a field named 'metadata'");
        }
        UploadMetadata parsed = UploadMetadata.parse(metadata);
        ModelOrigin modelOrigin = ModelUploads.origin(origin);
        // A field sent empty is a blank card, refused; only a field left out means none.
        String modelCard = card == null ? null : ModelUploads.card(card);
        ModelView model = uploads.upload(file.uploadedFile(), fileName(file), parsed, modelOrigin, modelCard);
        return RestResponse.ResponseBuilder.<ModelView>created(URI.create("/api/models/" + model.id()))
                .entity(model)
                .build();
    }

    @GET
    @Operation(summary = "All registered models, newest first")
    public List<ModelView> list() {
        return pruner.models();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One model with its lineage")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "404", description = "No such model",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ModelView get(@Parameter(description = "model UUID") @RestPath String id) {
        return pruner.model(Identifiers.uuid("model id", id));
    }

    @GET
    @Path("{id}/card")
    @Produces(PrunerClient.MARKDOWN + ";charset=UTF-8")
    @Operation(summary = "The model's card (Markdown)",
            description = "What the model is, its data, recipe and the command that rebuilds it, its figures and how they"
                    + " were measured, use and limits, licence: written from the zoo manifest for each zoo model and CARD"
                    + " when ./cardeck up or demo registers the zoo (hasCard in the model says whether there is one).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = PrunerClient.MARKDOWN))
    @APIResponse(responseCode = "404", description = "No such model, or a model without a card",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public String card(@Parameter(description = "model UUID") @RestPath String id) {
        return pruner.card(Identifiers.uuid("model id", id));
    }

    @PUT
    @Path("{id}/card")
    @Consumes({PrunerClient.MARKDOWN, MediaType.TEXT_PLAIN})
    @Operation(summary = "Replace the model's card (Markdown)",
            description = "The body is the new card (text/markdown or text/plain, UTF-8 unless the Content-Type names"
                    + " another charset): at most 65536 characters, no control characters but line breaks and tabs."
                    + " ./cardeck up and demo send the zoo's models already registered the card their manifest writes now.")
    @APIResponse(responseCode = "200", description = "The model, with hasCard true",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "400", description = "A model id that is not a UUID, or a card that is blank, too long"
            + " or holds control characters", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such model",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ModelView replaceCard(@Parameter(description = "model UUID") @RestPath String id, String card) {
        return uploads.replaceCard(Identifiers.uuid("model id", id), ModelUploads.card(card));
    }

    @GET
    @Path("{id}/onnx")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download the model's ONNX file",
            description = "The header " + SHA256_HEADER + " carries the SHA-256 of the bytes.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM))
    @APIResponse(responseCode = "404", description = "No such model",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public RestResponse<byte[]> onnx(@Parameter(description = "model UUID") @RestPath String id) {
        String modelId = Identifiers.uuid("model id", id);
        RestResponse<byte[]> stored = pruner.onnx(modelId);
        RestResponse.ResponseBuilder<byte[]> answer = RestResponse.ResponseBuilder
                .ok(stored.getEntity(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + modelId + ".onnx\"");
        String sha256 = stored.getHeaderString(SHA256_HEADER);
        if (sha256 != null) {
            answer.header(SHA256_HEADER, sha256);
        }
        return answer.build();
    }

    /** The upload's own name without any directory a browser may send, for messages and the registry. */
    private static String fileName(FileUpload file) {
        String name = file.fileName() == null ? "" : file.fileName();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        if (name.isEmpty()) {
            return "upload.onnx";
        }
        return name.length() > MAX_FILE_NAME ? name.substring(0, MAX_FILE_NAME) : name;
    }
}
