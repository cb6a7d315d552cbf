package io.cardeck.pruner.rest;

import io.cardeck.pruner.service.PruneJobs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Prune jobs are created from PruneRequested events; here they are read. */
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
}
