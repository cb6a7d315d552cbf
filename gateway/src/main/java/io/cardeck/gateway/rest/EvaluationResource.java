package io.cardeck.gateway.rest;

import io.cardeck.gateway.client.EvaluationView;
import io.cardeck.gateway.client.Evaluator;
import io.cardeck.gateway.service.Identifiers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Evaluations, read from the evaluator-service. */
@Path("/api/evaluations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Evaluations", description = "Robustness evaluations of the registered models")
public class EvaluationResource {

    private final Evaluator evaluator;

    public EvaluationResource(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    @GET
    @Operation(summary = "Evaluations without their cells, of one model or of all")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "modelId is not a UUID",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "The evaluator-service is unavailable",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public List<EvaluationView> list(@Parameter(description = "model UUID") @RestQuery String modelId) {
        return evaluator.evaluations(modelId == null ? null : Identifiers.uuid("modelId", modelId));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One evaluation with all its corruption x severity cells")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EvaluationView.class)))
    @APIResponse(responseCode = "404", description = "No such evaluation",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public EvaluationView get(@RestPath String id) {
        return evaluator.evaluation(Identifiers.evaluationId(id));
    }
}
