package io.cardeck.pruner.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cardeck.pruner.service.PruneJobs;
import io.cardeck.pruner.service.RejectedException;
import io.cardeck.pruner.service.Rejection;
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

    private static final String REQUEST_SHAPE = "{\"modelId\": ..., \"method\": ..., \"params\": {...}}";

    private final PruneJobs jobs;
    private final ObjectReader requestReader;

    public PruneJobResource(PruneJobs jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.requestReader = json.readerFor(PruneJobs.JobRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @GET
    @Path("/{id}")
    public PruneJobView get(@PathParam("id") String id) {
        return PruneJobView.of(jobs.get(Ids.parse(id, "prune job")));
    }

    /**
     * Cancels a PENDING or RUNNING job: 200 with the CANCELLED job, 409 if it has finished, 404 if
     * unknown. The body, optional (any content type, as a plain POST has none), is the job's request
     * as the gateway accepted it, for a job whose request has not arrived here yet.
     */
    @POST
    @Path("/{id}/cancel")
    public PruneJobView cancel(@PathParam("id") String id, String body) {
        return PruneJobView.of(jobs.cancel(Ids.parse(id, "prune job"), request(body)));
    }

    private Optional<PruneJobs.JobRequest> request(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        PruneJobs.JobRequest request;
        try {
            request = requestReader.readValue(body);
        } catch (JsonProcessingException e) {
            throw new RejectedException(Rejection.INVALID, "a cancellation's body, if any, is the job's request "
                    + REQUEST_SHAPE + ": " + e.getOriginalMessage());
        }
        if (request.modelId() == null || request.method() == null) {
            throw new RejectedException(Rejection.INVALID, "a cancellation's body is the job's request " + REQUEST_SHAPE
                    + "; both modelId and method are required");
        }
        return Optional.of(new PruneJobs.JobRequest(request.modelId(), request.method(),
                request.params() == null ? Map.of() : request.params()));
    }
}
