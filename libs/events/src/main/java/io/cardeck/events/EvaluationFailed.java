package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/** An evaluation of {@code modelId} failed; {@code error} says why. */
public record EvaluationFailed(UUID eventId, Instant occurredAt, String evaluationId, String modelId, String error)
        implements CardeckEvent {

    public EvaluationFailed {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(evaluationId, "evaluationId");
        EventChecks.text(modelId, "modelId");
        EventChecks.text(error, "error");
    }

    @Override
    public String key() {
        return modelId;
    }

    @Override
    public String topic() {
        return Topics.EVALUATION_EVENTS;
    }
}
