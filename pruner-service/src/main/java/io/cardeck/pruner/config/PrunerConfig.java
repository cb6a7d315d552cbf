package io.cardeck.pruner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The pruner-service's own settings ({@code cardeck.pruner.*}). */
@ConfigMapping(prefix = "cardeck.pruner")
public interface PrunerConfig {

    /** Largest ONNX model accepted by an upload, in bytes (413 above it). */
    @WithDefault("67108864")
    long maxModelBytes();

    Recovery recovery();

    /** Re-running jobs that a stopped or crashed instance left unfinished. */
    interface Recovery {

        /** How often the sweep looks for abandoned jobs. */
        @WithDefault("5s")
        Duration interval();

        /**
         * A PENDING or RUNNING job not updated for this long is taken as abandoned and run again.
         * Must exceed the longest pruning run, or a slow job is run twice (its result is still stored once).
         */
        @WithDefault("2m")
        Duration staleAfter();

        /** Runs started per job before it is failed for good (guards against a job that kills its instance). */
        @WithDefault("3")
        int maxAttempts();
    }
}
