package io.cardeck.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.access.ServiceCredential;
import io.cardeck.events.BinaryTensorData;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;

/** The ensemble-service's internal REST API: decks, and the Open Inference Protocol over them. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = ServiceCredential.HEADER, value = "${cardeck.service.credential}", required = false)
public interface EnsembleClient {

    @POST
    @Path("decks")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode createDeck(JsonNode deck);

    @GET
    @Path("decks")
    JsonNode decks();

    @GET
    @Path("decks/{name}")
    JsonNode deck(@PathParam("name") String name);

    @DELETE
    @Path("decks/{name}")
    void deleteDeck(@PathParam("name") String name);

    @GET
    @Path("v2/health/ready")
    JsonNode ready();

    @GET
    @Path("v2/models/{deck}")
    JsonNode metadata(@PathParam("deck") String deck);

    @GET
    @Path("v2/models/{deck}/ready")
    JsonNode deckReady(@PathParam("deck") String deck);

    /** The request body is passed on as received: the ensemble-service validates it (and answers why not). */
    @POST
    @Path("v2/models/{deck}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    Uni<Response> infer(@PathParam("deck") String deck, byte[] request);

    /** As {@link #infer}, with binary tensor data after a JSON header of {@code headerLength} bytes. */
    @POST
    @Path("v2/models/{deck}/infer")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    Uni<Response> inferBinary(@PathParam("deck") String deck, @HeaderParam(BinaryTensorData.HEADER) int headerLength,
                              byte[] request);

    @ClientExceptionMapper
    static RuntimeException refusal(Response response) {
        return PeerException.answered(Ensemble.NAME, response);
    }
}
