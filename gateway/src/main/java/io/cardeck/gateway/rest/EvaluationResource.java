package io.cardeck.gateway.rest;

import io.cardeck.gateway.client.EvaluationView;
import io.cardeck.gateway.client.Evaluator;
import io.cardeck.gateway.service.BaselineComparison;
import io.cardeck.gateway.service.Identifiers;
import io.cardeck.gateway.service.InvalidInputException;
import io.cardeck.metrics.CellsCsv;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
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
    @Produces({MediaType.APPLICATION_JSON, CellsCsv.MEDIA_TYPE})
    @Operation(summary = "One evaluation with all its corruption x severity cells",
            description = "JSON, or CSV (Accept: text/csv, or ?format=csv): one row per corruption x severity cell with"
                    + " the columns " + CellsCsv.HEADER + " (model: the model's id, accuracy in [0, 1]), as `cardeck report`"
                    + " writes cells.csv.")
    @APIResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EvaluationView.class)),
            @Content(mediaType = CellsCsv.MEDIA_TYPE)})
    @APIResponse(responseCode = "400", description = "A malformed id, or a format other than json and csv",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such evaluation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public RestResponse<Object> get(@RestPath String id,
                                    @Parameter(description = "json or csv; overrides the Accept header") @RestQuery String format,
                                    HttpHeaders headers) {
        EvaluationFormat answer = EvaluationFormat.of(format, headers.getAcceptableMediaTypes());
        String evaluationId = Identifiers.evaluationId(id);
        EvaluationView evaluation = evaluator.evaluation(evaluationId);
        if (answer == EvaluationFormat.CSV) {
            return RestResponse.ResponseBuilder.ok((Object) EvaluationFormat.csv(evaluation), EvaluationFormat.CSV_TYPE)
                    .header("Content-Disposition", "attachment; filename=\"evaluation-" + evaluationId + ".csv\"")
                    .build();
        }
        return RestResponse.ResponseBuilder.ok((Object) evaluation, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("{id}/corruption-errors")
    @Operation(summary = "The model's corruption errors against a baseline model",
            description = "From this evaluation's cells and the baseline evaluation's (same dataset, both SUCCEEDED): the"
                    + " corruption error of each standard corruption (the model's errors over its 5 severities divided"
                    + " by the baseline's), its relative form (less 5 x the clean error on both sides), and their means"
                    + " mCE and relative mCE (Hendrycks and Dietterich 2019). Ratios, not percentages.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BaselineComparison.class)))
    @APIResponse(responseCode = "400", description = "baseline missing or malformed, an evaluation unfinished or of"
            + " another dataset, a missing cell, or a baseline without errors to divide by",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such evaluation",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public BaselineComparison corruptionErrors(@RestPath String id,
                                               @Parameter(description = "the baseline model's evaluation id") @RestQuery String baseline) {
        if (baseline == null || baseline.isBlank()) {
            throw new InvalidInputException("the query parameter 'baseline' is missing: the id of the baseline model's"
                    + " evaluation (GET /api/evaluations?modelId=...)");
        }
        EvaluationView model = evaluator.evaluation(Identifiers.evaluationId(id));
        return BaselineComparison.of(model, evaluator.evaluation(Identifiers.evaluationId(baseline)));
    }
}
