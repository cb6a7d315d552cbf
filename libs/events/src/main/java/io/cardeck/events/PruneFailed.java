package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/** A prune job failed; {@code error} says why in words a user can act on. */
public record PruneFailed(UUID eventId, Instant occurredAt, String jobId, String error) implements CardeckEvent {

    public PruneFailed {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(jobId, "jobId");
        EventChecks.text(error, "error");
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
