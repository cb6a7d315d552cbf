package io.cardeck.gateway.client;

import io.cardeck.access.ServiceCredential;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;

/** The evaluator-service's internal REST API. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = ServiceCredential.HEADER, value = "${cardeck.service.credential}", required = false)
public interface EvaluatorClient {

    /** Evaluations without their cells; all of them when {@code modelId} is null. */
    @GET
    @Path("evaluations")
    List<EvaluationView> evaluations(@QueryParam("modelId") String modelId);

    @GET
    @Path("evaluations/{id}")
    EvaluationView evaluation(@PathParam("id") String id);

    @ClientExceptionMapper
    static RuntimeException refusal(Response response) {
        return PeerException.answered(Evaluator.NAME, response);
    }
}
