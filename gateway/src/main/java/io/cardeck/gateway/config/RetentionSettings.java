package io.cardeck.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long the gateway keeps the rows of its own tables that only record the past, under the
 * prefix of the shared retention settings ({@code cardeck.retention.*}, see outbox-quarkus's
 * {@code RetentionConfig}), which also runs them.
 */
@ConfigMapping(prefix = "cardeck.retention")
public interface RetentionSettings {

    PruneRequests pruneRequests();

    IdempotencyKeys idempotencyKeys();

    DeadLetterReplays deadLetterReplays();

    /** Accepted requests the pruner-service never reported on: a dead letter can be replayed meanwhile. */
    interface PruneRequests {
        @WithDefault("14d")
        Duration keepFor();
    }

    /** Idempotency keys of {@code POST /api/prune-jobs}: a retry after this is a new request. */
    interface IdempotencyKeys {
        @WithDefault("1d")
        Duration keepFor();
    }

    /**
     * Replays of dead letters. Keep them longer than the dead-letter topics keep their messages (Kafka's
     * default: 7 days), or a dead letter could be replayed a second time.
     */
    interface DeadLetterReplays {
        @WithDefault("30d")
        Duration keepFor();
    }
}
