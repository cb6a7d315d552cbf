package io.cardeck.pruner.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cardeck.pruner.service.PruneJobs;
import io.cardeck.pruner.service.PruneRequestChecks;
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

/**
 * Prune jobs are created from PruneRequested events; here they are read and cancelled, and a request
 * is checked against its model before the gateway accepts it.
 */
@Path("/prune-jobs")
@Produces(MediaType.APPLICATION_JSON)
public class PruneJobResource {

    private static final String REQUEST_SHAPE = "{\"modelId\": ..., \"method\": ..., \"params\": {...}}";

    private final PruneJobs jobs;
    private final PruneRequestChecks checks;
    private final ObjectReader requestReader;

    public PruneJobResource(PruneJobs jobs, PruneRequestChecks checks, ObjectMapper json) {
        this.jobs = jobs;
        this.checks = checks;
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

    /**
     * Checks a prune request {@code {modelId, method, params}} against its model without running it:
     * 204 if a job of it can run, 404 for an unknown model, 400 for a method or parameters that do
     * not fit, 422 for a model the method cannot prune (naming the node).
     */
    @POST
    @Path("/check")
    public void check(String body) {
        checks.check(request(body).orElseThrow(() -> new RejectedException(Rejection.INVALID,
                "the body is missing: a prune request " + REQUEST_SHAPE)));
    }

    private Optional<PruneJobs.JobRequest> request(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        PruneJobs.JobRequest request;
        try {
            request = requestReader.readValue(body);
        } catch (JsonProcessingException e) {
            throw new RejectedException(Rejection.INVALID, "the body, if any, is a prune request " + REQUEST_SHAPE + ": "
                    + e.getOriginalMessage());
        }
        if (request.modelId() == null || request.method() == null) {
            throw new RejectedException(Rejection.INVALID, "the body is a prune request " + REQUEST_SHAPE
                    + "; both modelId and method are required");
        }
        return Optional.of(new PruneJobs.JobRequest(request.modelId(), request.method(),
                request.params() == null ? Map.of() : request.params()));
    }
}
