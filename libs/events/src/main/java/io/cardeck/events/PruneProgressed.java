package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A prune job moved on: {@code percent} done, now in {@code stage}; while the job trains,
 * {@code training} says where the training run stands (null otherwise, and in events of version 1,
 * which had no such field and are read as such).
 */
public record PruneProgressed(UUID eventId, Instant occurredAt, String jobId, double percent, String stage,
                              TrainingRecord training) implements CardeckEvent {

    public PruneProgressed {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(jobId, "jobId");
        EventChecks.percent(percent);
        EventChecks.text(stage, "stage");
    }

    /** Progress of a step that is not training. */
    public PruneProgressed(UUID eventId, Instant occurredAt, String jobId, double percent, String stage) {
        this(eventId, occurredAt, jobId, percent, stage, null);
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
