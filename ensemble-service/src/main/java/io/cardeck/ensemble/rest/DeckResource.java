package io.cardeck.ensemble.rest;

import io.cardeck.ensemble.service.DeckDefinition;
import io.cardeck.ensemble.service.DeckService;
import io.cardeck.ensemble.service.DeckView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

/** Decks: create, list, describe, delete. */
@Path("/decks")
@Produces(MediaType.APPLICATION_JSON)
public class DeckResource {

    private final DeckService decks;

    DeckResource(DeckService decks) {
        this.decks = decks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(DeckDefinition.Request request) {
        DeckView deck = decks.create(DeckDefinition.from(request));
        return Response.created(URI.create("/decks/" + deck.name())).entity(deck).build();
    }

    @GET
    public List<DeckView> list() {
        return decks.list();
    }

    @GET
    @Path("/{name}")
    public DeckView get(@RestPath String name) {
        return decks.describe(name);
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@RestPath String name) {
        decks.delete(name);
        return Response.noContent().build();
    }
}
