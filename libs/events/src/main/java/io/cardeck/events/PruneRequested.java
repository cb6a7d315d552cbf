package io.cardeck.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A user asked for {@code modelId} to be pruned by {@code method} with {@code params}. */
public record PruneRequested(UUID eventId, Instant occurredAt, String jobId, String modelId, String method,
                             Map<String, Object> params) implements CardeckEvent {

    public PruneRequested {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(jobId, "jobId");
        EventChecks.text(modelId, "modelId");
        EventChecks.text(method, "method");
        params = Map.copyOf(EventChecks.present(params, "params"));
    }

    @Override
    public String key() {
        return jobId;
    }

    @Override
    public String topic() {
        return Topics.PRUNE_REQUESTS;
    }
}
