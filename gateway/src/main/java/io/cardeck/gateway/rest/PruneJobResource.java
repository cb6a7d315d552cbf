package io.cardeck.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.gateway.client.PruneJobView;
import io.cardeck.gateway.service.IdempotentRequest;
import io.cardeck.gateway.service.Identifiers;
import io.cardeck.gateway.service.PruneJobRequest;
import io.cardeck.gateway.service.PruneJobs;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** Prune jobs: requests are checked and announced here; the pruner-service runs them. */
@Path("/api/prune-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Prune jobs", description = "Ask for a model to be pruned and follow the job")
public class PruneJobResource {

    private final PruneJobs jobs;

    public PruneJobResource(PruneJobs jobs) {
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request a prune job",
            description = "The method and its parameters (GET /api/pruning-methods) are checked against the pruning"
                    + " library and the model must be registered. The job starts PENDING; follow it here or on"
                    + " /api/events?jobId=. With an Idempotency-Key a client may retry safely: the same key and body"
                    + " answer the job the first request created.")
    @APIResponse(responseCode = "202", description = "Accepted",
            content = @Content(schema = @Schema(implementation = PruneJobView.class)))
    @APIResponse(responseCode = "400", description = "Invalid body, unknown method, invalid parameters or recovery,"
            + " or parameters that make no sense together (the reason and what is accepted)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such model",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used before with another body",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "The pruner-service is unavailable",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RestResponse<PruneJobView> create(
            @RequestBody(content = @Content(schema = @Schema(implementation = PruneJobRequest.class))) JsonNode body,
            @Parameter(description = "Any value up to 200 visible ASCII characters (e.g. a UUID): a retry with the same key"
                    + " and body is answered with the first request's job instead of starting another")
            @RestHeader(IdempotentRequest.HEADER) String idempotencyKey,
            @Context RoutingContext routing) {
        PruneJobRequest request = PruneJobRequest.parse(body);
        PruneJobView job = jobs.accept(request, IdempotentRequest.of(routing.get(AccessFilter.CALLER), idempotencyKey,
                request));
        return RestResponse.ResponseBuilder.<PruneJobView>create(Status.ACCEPTED)
                .location(URI.create("/api/prune-jobs/" + job.id()))
                .entity(job)
                .build();
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a prune job",
            description = "A PENDING job is cancelled at once and never starts; a RUNNING one stops at its next check"
                    + " (within a training step, or a layer) and stores nothing. The job ends CANCELLED with a"
                    + " PruneCancelled event on /api/events.")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(schema = @Schema(implementation = PruneJobView.class)))
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The job has finished (SUCCEEDED, FAILED or CANCELLED)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "The pruner-service is unavailable",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public PruneJobView cancel(@Parameter(description = "job UUID") @RestPath String id) {
        return jobs.cancel(Identifiers.uuidValue("job id", id));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A prune job's status, progress, result model and error")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PruneJobView.class)))
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public PruneJobView get(@Parameter(description = "job UUID") @RestPath String id) {
        return jobs.find(Identifiers.uuidValue("job id", id));
    }
}
