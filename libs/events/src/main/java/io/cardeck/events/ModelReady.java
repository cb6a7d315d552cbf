package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/** A model is stored and can be evaluated; {@code parentModelId} is null unless it was derived from another. */
public record ModelReady(UUID eventId, Instant occurredAt, String modelId, String sha256, String dataset,
                         ModelOrigin origin, String parentModelId) implements CardeckEvent {

    public ModelReady {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(modelId, "modelId");
        if (!EventChecks.text(sha256, "sha256").matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got " + sha256);
        }
        EventChecks.text(dataset, "dataset");
        EventChecks.present(origin, "origin");
        if ((origin == ModelOrigin.PRUNED) != (parentModelId != null)) {
            throw new IllegalArgumentException("a pruned model names its parent and only a pruned one does (origin "
                    + origin + ", parentModelId " + parentModelId + ")");
        }
    }

    @Override
    public String key() {
        return modelId;
    }

    @Override
    public String topic() {
        return Topics.MODELS_READY;
    }
}
