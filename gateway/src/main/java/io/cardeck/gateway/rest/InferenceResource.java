package io.cardeck.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.gateway.client.Ensemble;
import io.cardeck.events.BinaryTensorData;
import io.cardeck.gateway.service.Identifiers;
import io.cardeck.gateway.service.InferenceBodies;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/** The Open Inference Protocol (KServe v2) over decks, answered by the ensemble-service. */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inference", description = "Open Inference Protocol v2: a deck is a model")
public class InferenceResource {

    public record Liveness(boolean live) {
    }

    private final Ensemble ensemble;

    public InferenceResource(Ensemble ensemble) {
        this.ensemble = ensemble;
    }

    @GET
    @Path("health/live")
    @Operation(summary = "The gateway is up")
    public Liveness live() {
        return new Liveness(true);
    }

    @GET
    @Path("health/ready")
    @Operation(summary = "Inference can be served: the ensemble-service answers (503 otherwise)")
    public JsonNode ready() {
        return ensemble.ready();
    }

    @GET
    @Path("models/{deck}")
    @Operation(summary = "A deck's metadata: input [-1, C, H, W] FP32, output probabilities [-1, classes], members")
    public JsonNode metadata(@RestPath String deck) {
        return ensemble.metadata(Identifiers.deckName(deck));
    }

    @GET
    @Path("models/{deck}/ready")
    @Operation(summary = "Whether the deck can answer now")
    public JsonNode deckReady(@RestPath String deck) {
        return ensemble.deckReady(Identifiers.deckName(deck));
    }

    @POST
    @Path("models/{deck}/infer")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Class probabilities of a batch: {inputs: [{name: input, shape: [N, C, H, W], datatype: FP32, data}]},"
            + " or binary tensor data after a JSON header of Inference-Header-Content-Length bytes"
            + " (inputs[0].parameters.binary_data_size; binary probabilities with parameters.binary_data_output)")
    @APIResponse(responseCode = "200", description = "outputs: probabilities [N, classes]; parameters: members used, gate distances")
    @APIResponse(responseCode = "400", description = "Wrong input name, datatype, shape or data",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such deck",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "The deck is at capacity or the ensemble-service is unavailable",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<Response> infer(@RestPath String deck, @RestHeader(BinaryTensorData.HEADER) String headerLength,
                               byte[] request) {
        return ensemble.infer(Identifiers.deckName(deck), InferenceBodies.headerLength(headerLength, request.length), request)
                .map(answer -> {
                    Response.ResponseBuilder response = Response.ok(answer.body(), answer.type());
                    answer.headerLength().ifPresent(length -> response.header(BinaryTensorData.HEADER, length));
                    return response.build();
                });
    }
}
