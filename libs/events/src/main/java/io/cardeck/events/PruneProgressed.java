package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/** A prune job moved on: {@code percent} done, now in {@code stage}. */
public record PruneProgressed(UUID eventId, Instant occurredAt, String jobId, double percent, String stage)
        implements CardeckEvent {

    public PruneProgressed {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(jobId, "jobId");
        EventChecks.percent(percent);
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
