package io.cardeck.pruner.rest;

import io.cardeck.pruner.service.PruneJobs;
import io.cardeck.pruner.service.RejectedException;
import io.cardeck.pruner.service.Rejection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Optional;

/** Prune jobs are created from PruneRequested events; here they are read and cancelled. */
@Path("/prune-jobs")
@Produces(MediaType.APPLICATION_JSON)
public class PruneJobResource {

    private final PruneJobs jobs;

    public PruneJobResource(PruneJobs jobs) {
        this.jobs = jobs;
    }

    @GET
    @Path("/{id}")
    public PruneJobView get(@PathParam("id") String id) {
        return PruneJobView.of(jobs.get(Ids.parse(id, "prune job")));
    }

    /**
     * Cancels a PENDING or RUNNING job: 200 with the CANCELLED job, 409 if it has finished, 404 if
     * unknown. The body, optional, is the job's request as the gateway accepted it
     * ({@code {modelId, method, params}}), for a job whose request has not arrived here yet.
     */
    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    public PruneJobView cancel(@PathParam("id") String id, PruneJobs.JobRequest request) {
        return PruneJobView.of(jobs.cancel(Ids.parse(id, "prune job"), Optional.ofNullable(request).map(PruneJobResource::complete)));
    }

    private static PruneJobs.JobRequest complete(PruneJobs.JobRequest request) {
        if (request.modelId() == null || request.method() == null) {
            throw new RejectedException(Rejection.INVALID, "a cancellation's body is the job's request"
                    + " {\"modelId\": ..., \"method\": ..., \"params\": {...}}; both modelId and method are required");
        }
        return new PruneJobs.JobRequest(request.modelId(), request.method(),
                request.params() == null ? Map.of() : request.params());
    }
}
