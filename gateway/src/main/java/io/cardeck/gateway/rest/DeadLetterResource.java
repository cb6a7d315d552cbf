package io.cardeck.gateway.rest;

import io.cardeck.gateway.service.DeadLetterReplayView;
import io.cardeck.gateway.service.DeadLetterView;
import io.cardeck.gateway.service.DeadLetters;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Dead letters for the operator (admin role): what the consumers could not process, and its replay. */
@Path("/api/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters", description = "Inspect and replay the messages consumers dead-lettered (admin only)")
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Operation(summary = "The newest dead letters of every dead-letter topic, newest first",
            description = "Each with its id, the topic it was consumed from, key, the consumer's reason, when it was"
                    + " dead-lettered, the original payload and, once replayed, when.")
    @APIResponse(responseCode = "400", description = "limit outside 1.." + DeadLetters.MAX_LIMIT,
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public List<DeadLetterView> list(@Parameter(description = "at most this many (1 to " + DeadLetters.MAX_LIMIT + ")")
                                     @RestQuery @DefaultValue("100") int limit) {
        return deadLetters.newest(limit);
    }

    @POST
    @Path("{id}/replay")
    @Operation(summary = "Publish a dead letter again to its original topic",
            description = "Once: a second replay of the same dead letter answers with the first (republished false)"
                    + " and publishes nothing; consumers apply an event id once in any case.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DeadLetterReplayView.class)))
    @APIResponse(responseCode = "400", description = "Not an id of the form <dead-letter topic>:<partition>:<offset>",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No dead letter at that id",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The payload is no event of its topic: a replay would be dead-lettered again",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public DeadLetterReplayView replay(@Parameter(description = "the dead letter's id, as the list gives it") @RestPath String id,
                                       @Context RoutingContext routing) {
        return deadLetters.replay(id, routing.get(AccessFilter.CALLER));
    }
}
