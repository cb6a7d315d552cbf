package io.cardeck.outbox.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long rows that only record the past are kept ({@code cardeck.retention.*}, the same keys in
 * every service), and how the deleting runs. A service with tables of its own to clean adds their
 * kinds under the same prefix (the gateway: prune requests, idempotency keys, dead-letter replays; the
 * evaluator: cell jobs).
 */
@ConfigMapping(prefix = "cardeck.retention")
public interface RetentionConfig {

    /** How often old rows are looked for and deleted. */
    @WithDefault("10m")
    Duration interval();

    /** Rows deleted per transaction: a large backlog of old rows is deleted in many short transactions. */
    @WithDefault("1000")
    int batchSize();

    Outbox outbox();

    ProcessedEvents processedEvents();

    /** Outbox rows Kafka acknowledged; an unsent one is never deleted. */
    interface Outbox {
        @WithDefault("7d")
        Duration keepFor();
    }

    /**
     * Ids of the events a consumer applied. Keep them longer than a redelivery may come: a dead letter
     * can be replayed for as long as its topic keeps it (Kafka's default retention is 7 days).
     */
    interface ProcessedEvents {
        @WithDefault("30d")
        Duration keepFor();
    }
}
