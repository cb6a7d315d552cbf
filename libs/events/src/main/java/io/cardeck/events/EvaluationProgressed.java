package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/** An evaluation of {@code modelId} is {@code percent} done. */
public record EvaluationProgressed(UUID eventId, Instant occurredAt, String evaluationId, String modelId, double percent)
        implements CardeckEvent {

    public EvaluationProgressed {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(evaluationId, "evaluationId");
        EventChecks.text(modelId, "modelId");
        EventChecks.percent(percent);
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
