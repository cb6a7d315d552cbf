package io.cardeck.gateway.rest;

import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EventCodec;
import io.cardeck.gateway.config.GatewayConfig;
import io.cardeck.gateway.service.EventFilter;
import io.cardeck.gateway.service.EventStream;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** The live stream of prune and evaluation events as Server-Sent Events. */
@Path("/api/events")
@Tag(name = "Events", description = "Follow prune jobs and evaluations live")
public class EventResource {

    /** How soon the heartbeats notice that the events ended. */
    private static final Duration HEARTBEAT_TICK = Duration.ofSeconds(1);

    private final EventStream stream;
    private final GatewayConfig config;

    public EventResource(EventStream stream, GatewayConfig config) {
        this.stream = stream;
        this.config = config;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Prune and evaluation events as they happen",
            description = "Each event: 'event:' its type (e.g. EvaluationCompleted), 'id:' its event id, 'data:'"
                    + " its JSON. jobId=J gives J's prune events and, once J succeeded, the evaluation of its result"
                    + " model; modelId=M gives the events naming M. Both filters apply when both are given. Comment"
                    + " lines keep idle streams open; a stream without events for cardeck.gateway.sse-idle-timeout ends,"
                    + " and a client reconnects.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(responseCode = "400", description = "A filter is not a UUID",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "As many streams are open as the gateway serves",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Multi<OutboundSseEvent> events(@Parameter(description = "prune job UUID") @RestQuery String jobId,
                                          @Parameter(description = "model UUID") @RestQuery String modelId,
                                          @Context Sse sse) {
        EventFilter filter = EventFilter.of(jobId, modelId);
        AtomicBoolean ended = new AtomicBoolean();
        Multi<OutboundSseEvent> events = stream.subscribe(filter).map(event -> toSse(sse, event))
                .onTermination().invoke(() -> ended.set(true));
        // The heartbeats stop within a tick once the events end (idle, too slow a reader, or the gateway stopping), so the
        // response ends then: the ticks come every second, and a heartbeat goes out every sse-heartbeat of them.
        long ticksPerHeartbeat = Math.max(1, config.sseHeartbeat().toSeconds());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(HEARTBEAT_TICK)
                .onOverflow().drop()
                .select().first(tick -> !ended.get())
                .select().where(tick -> (tick + 1) % ticksPerHeartbeat == 0)
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(events, heartbeats);
    }

    private static OutboundSseEvent toSse(Sse sse, CardeckEvent event) {
        return sse.newEventBuilder()
                .name(event.getClass().getSimpleName())
                .id(event.eventId().toString())
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(EventCodec.encodeToString(event))
                .build();
    }
}
