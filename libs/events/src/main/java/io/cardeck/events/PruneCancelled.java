package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A prune job was cancelled on request: it stores no result, and a run of it still going stops at
 * its next check. {@code stage} is how far it had come (e.g. "epoch 2/5", or "pending" for a job
 * that never started).
 */
public record PruneCancelled(UUID eventId, Instant occurredAt, String jobId, String stage) implements CardeckEvent {

    public PruneCancelled {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(jobId, "jobId");
        EventChecks.text(stage, "stage");
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
