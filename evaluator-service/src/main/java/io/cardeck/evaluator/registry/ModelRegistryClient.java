package io.cardeck.evaluator.registry;

import io.cardeck.access.ServiceCredential;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The pruner-service's model registry, as far as the evaluator reads it. */
@RegisterRestClient(configKey = "model-registry")
@Path("/models")
@ClientHeaderParam(name = ServiceCredential.HEADER, value = "${cardeck.service.credential}", required = false)
public interface ModelRegistryClient {

    /** The ONNX bytes of model {@code id}; an answer of 400 or more throws a WebApplicationException. */
    @GET
    @Path("/{id}/onnx")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    byte[] onnx(@PathParam("id") String id);
}
