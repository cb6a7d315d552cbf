package io.cardeck.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * An event on cardeck's bus. Each record type is one versioned event, named in JSON by its
 * {@code type} field (e.g. {@code PruneRequested/v1}); a change that breaks readers is a new type.
 * {@link #eventId()} makes consumers idempotent; {@link #key()} is the Kafka key, so the events
 * of one job or model stay in order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PruneRequested.class, name = "PruneRequested/v1"),
    @JsonSubTypes.Type(value = PruneProgressed.class, name = "PruneProgressed/v2"),
    @JsonSubTypes.Type(value = PruneSucceeded.class, name = "PruneSucceeded/v1"),
    @JsonSubTypes.Type(value = PruneFailed.class, name = "PruneFailed/v1"),
    @JsonSubTypes.Type(value = PruneCancelled.class, name = "PruneCancelled/v1"),
    @JsonSubTypes.Type(value = ModelReady.class, name = "ModelReady/v1"),
    @JsonSubTypes.Type(value = EvaluationProgressed.class, name = "EvaluationProgressed/v1"),
    @JsonSubTypes.Type(value = EvaluationCompleted.class, name = "EvaluationCompleted/v1"),
    @JsonSubTypes.Type(value = EvaluationFailed.class, name = "EvaluationFailed/v1"),
    @JsonSubTypes.Type(value = DeckCreated.class, name = "DeckCreated/v1"),
    @JsonSubTypes.Type(value = DeckDeleted.class, name = "DeckDeleted/v1")
})
public sealed interface CardeckEvent permits PruneRequested, PruneProgressed, PruneSucceeded, PruneFailed, PruneCancelled,
        ModelReady, EvaluationProgressed, EvaluationCompleted, EvaluationFailed, DeckCreated, DeckDeleted {

    UUID eventId();

    Instant occurredAt();

    /** The Kafka record key: the job id for prune events, the model id for model and evaluation events,
     * the deck name for deck events. */
    String key();

    /** The topic the event is published on (one of {@link Topics}). */
    String topic();
}
