package io.cardeck.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** The pruner-service's internal REST API: the model registry and the prune jobs. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface PrunerClient {

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

    @GET
    @Path("prune-jobs/{id}")
    PruneJobView pruneJob(@PathParam("id") String id);

    @ClientExceptionMapper
    static RuntimeException refusal(Response response) {
        return PeerException.answered(Pruner.NAME, response);
    }
}
