package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/** A prune job stored its result as the new model {@code resultModelId}, derived from {@code parentModelId}. */
public record PruneSucceeded(UUID eventId, Instant occurredAt, String jobId, String parentModelId, String resultModelId)
        implements CardeckEvent {

    public PruneSucceeded {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(jobId, "jobId");
        EventChecks.text(parentModelId, "parentModelId");
        EventChecks.text(resultModelId, "resultModelId");
    }

    @Override
    public String key() {
        return jobId;
    }

    @Override
    public String topic() {
        return Topics.PRUNE_EVENTS;
    }
}
