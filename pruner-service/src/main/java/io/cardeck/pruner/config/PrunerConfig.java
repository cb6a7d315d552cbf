package io.cardeck.pruner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** The pruner-service's own settings ({@code cardeck.pruner.*}). */
@ConfigMapping(prefix = "cardeck.pruner")
public interface PrunerConfig {

    /** Largest ONNX model accepted by an upload, in bytes (413 above it). */
    @WithDefault("67108864")
    long maxModelBytes();

    Jobs jobs();

    /** Running prune jobs: worker threads that claim jobs from the database under a lease. */
    interface Jobs {

        /** Jobs this instance runs at once. Pruning and training use every core, so one by default. */
        @WithDefault("1")
        int workers();

        /** How often a free worker looks for a job to claim (a new request is also claimed at once). */
        @WithDefault("2s")
        Duration pollInterval();

        /**
         * How long a claim lasts without renewal. Progress reports and the heartbeat renew it while
         * the job runs here, so only a job whose instance stopped is claimed again, once this has passed.
         */
        @WithDefault("2m")
        Duration lease();

        /** How often this instance renews the lease of a running job that has reported no progress meanwhile. */
        @WithDefault("15s")
        Duration heartbeat();

        /**
         * The least time between two progress events of a job: a report sooner than this is held
         * back and sent when the interval has passed, unless a newer one replaces it first.
         */
        @WithDefault("2s")
        Duration progressInterval();

        /** Runs started per job before it is failed for good (guards against a job that kills its instance). */
        @WithDefault("3")
        int maxAttempts();

        /** Where running jobs keep their work directories (checkpoints); local, the database keeps the copy that counts. */
        @WithDefault("${java.io.tmpdir}/cardeck-pruner-jobs")
        Path workDirectory();
    }
}
