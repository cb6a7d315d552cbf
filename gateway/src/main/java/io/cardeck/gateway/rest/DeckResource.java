package io.cardeck.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.deck.GatingRequest;
import io.cardeck.gateway.client.Ensemble;
import io.cardeck.gateway.service.DeckGating;
import io.cardeck.gateway.service.Identifiers;
import io.cardeck.gateway.service.InvalidInputException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Decks of CARDs, kept by the ensemble-service. */
@Path("/api/decks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Decks", description = "Decks of CARDs served with the spectral gate")
public class DeckResource {

    private final Ensemble ensemble;

    public DeckResource(Ensemble ensemble) {
        this.ensemble = ensemble;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a deck: {name, members: [{modelId, domain}], gating: {mode, k, granularity, distance,"
            + " feature, bands, weighting, temperature}}")
    @APIResponse(responseCode = "201")
    @APIResponse(responseCode = "400", description = "Invalid deck (every problem named, with what is accepted)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "A member model does not exist",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "A deck of that name exists",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The members do not fit together or cannot be served",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response create(JsonNode deck) {
        if (deck == null || !deck.isObject()) {
            throw new InvalidInputException("the body must be a JSON object {name, members: [{modelId, domain}], "
                    + GatingRequest.ACCEPTED + "}");
        }
        DeckGating.check(deck.path("gating"));
        JsonNode created = ensemble.createDeck(deck);
        return Response.created(URI.create("/api/decks/" + created.path("name").asText())).entity(created).build();
    }

    @GET
    @Operation(summary = "Every deck, with its members' latest evaluation figures")
    public JsonNode list() {
        return ensemble.decks();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One deck: members, domains, gate settings, each member's clean and robust accuracy")
    @APIResponse(responseCode = "404", description = "No such deck",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public JsonNode get(@RestPath String name) {
        return ensemble.deck(Identifiers.deckName(name));
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a deck")
    @APIResponse(responseCode = "204")
    public Response delete(@RestPath String name) {
        ensemble.deleteDeck(Identifiers.deckName(name));
        return Response.noContent().build();
    }
}
