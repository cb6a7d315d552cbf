package io.cardeck.evaluator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long the evaluator-service keeps the rows of its own tables that only record the past, under the
 * prefix of the shared retention settings ({@code cardeck.retention.*}, see outbox-quarkus's
 * {@code RetentionConfig}), which also runs them.
 */
@ConfigMapping(prefix = "cardeck.retention")
public interface RetentionSettings {

    CellJobs cellJobs();

    /** The cells of evaluations that ended: which instance computed each, when, in how many attempts. */
    interface CellJobs {
        @WithDefault("7d")
        Duration keepFor();
    }
}
