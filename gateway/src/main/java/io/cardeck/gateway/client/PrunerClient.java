package io.cardeck.gateway.client;

import io.cardeck.access.ServiceCredential;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** The pruner-service's internal REST API: the model registry and the prune jobs. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = ServiceCredential.HEADER, value = "${cardeck.service.credential}", required = false)
public interface PrunerClient {

    String MARKDOWN = "text/markdown";

    /** {@code file} (ONNX) and {@code metadata} (JSON): 201 with the registered model. */
    @POST
    @Path("models")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    ModelView upload(ClientMultipartForm form);

    @GET
    @Path("models")
    List<ModelView> models();

    @GET
    @Path("models/{id}")
    ModelView model(@PathParam("id") String id);

    @GET
    @Path("models/{id}/onnx")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    RestResponse<byte[]> onnx(@PathParam("id") String id);

    /** The model's card (Markdown); 404 when the model is unknown or has none. */
    @GET
    @Path("models/{id}/card")
    @Produces(MARKDOWN)
    String card(@PathParam("id") String id);

    /** Replaces the model's card: 200 with the model; 404 when the model is unknown. */
    @PUT
    @Path("models/{id}/card")
    @Consumes(MARKDOWN + ";charset=UTF-8")
    ModelView replaceCard(@PathParam("id") String id, String card);

    @GET
    @Path("prune-jobs/{id}")
    PruneJobView pruneJob(@PathParam("id") String id);

    /** 204 if a job of {@code request} can run; 404 unknown model, 400 parameters that do not fit, 422 a model the method cannot prune. */
    @POST
    @Path("prune-jobs/check")
    @Consumes(MediaType.APPLICATION_JSON)
    void checkPruneRequest(JobRequest request);

    /**
     * Cancels a job: 200 with the CANCELLED job, 409 if it has finished, 404 if unknown. {@code request}
     * is the job as the gateway accepted it, so that a job whose request has not reached the
     * pruner-service yet is recorded as cancelled; null when the gateway no longer has it.
     */
    @POST
    @Path("prune-jobs/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    PruneJobView cancelPruneJob(@PathParam("id") String id, JobRequest request);

    @ClientExceptionMapper
    static RuntimeException refusal(Response response) {
        return PeerException.answered(Pruner.NAME, response);
    }
}
