package io.cardeck.evaluator.config;

import io.cardeck.onnx.runtime.Device;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of the evaluator-service ({@code cardeck.evaluator.*}); checked at startup by {@link ConfigurationCheck}. */
@ConfigMapping(prefix = "cardeck.evaluator")
public interface EvaluatorConfig {

    /** Base URL of the model registry (the pruner-service), serving {@code GET /models/{id}/onnx}. */
    String registryUrl();

    /** Where generated corruption suites are kept ({@code suites/} below it). */
    Path dataDir();

    /** Test images evaluated clean and in each corruption x severity cell (the first ones of the test split). */
    @WithDefault("1000")
    int samplesPerCell();

    /** Seed of the random corruptions of the generated suites. */
    @WithDefault("0")
    long seed();

    /** Images per inference call. */
    @WithDefault("128")
    int batchSize();

    /** Execution provider: cpu, or cuda (which falls back to CPU, with the reason logged, when unavailable). */
    @WithDefault("cpu")
    Device device();

    /** ONNX Runtime threads per operator; 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int intraOpThreads();

    /** Cells this instance computes at once; each already uses every core through ONNX Runtime. */
    @WithDefault("1")
    int workers();

    /** Threads generating a suite; 0 means one per processor. */
    @WithDefault("0")
    int generatorThreads();

    /** An EvaluationProgressed event each time this many more percent are done. */
    @WithDefault("10")
    int progressStep();

    Fetch fetch();

    Latency latency();

    Cells cells();

    /** Fetching the model bytes from the registry. */
    interface Fetch {
        /** Tries on connection errors and 5xx answers (a 4xx answer fails at once). */
        @WithDefault("3")
        int attempts();

        /** Wait before the second try, doubled before each further one. */
        @WithDefault("1s")
        Duration backoff();
    }

    /** Single-image latency: the median of {@code runs} timed runs after {@code warmupRuns}. */
    interface Latency {
        @WithDefault("3")
        int warmupRuns();

        @WithDefault("20")
        int runs();
    }

    /**
     * The cells of evaluations, which every instance claims from the database one at a time: how often
     * an idle worker looks, and the lease that lets other instances redo the cells of one that stopped.
     */
    interface Cells {
        /** How often an idle worker looks for a cell to claim (a model announced to this instance is claimed at once). */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * How long a claim lasts without renewal. The heartbeat renews it while the cell is computed here,
         * so only the cells of an instance that stopped without giving them back are claimed again, once this has passed.
         */
        @WithDefault("2m")
        Duration lease();

        /** How often this instance renews the leases of the cells it computes (and reads the pending cells' count). */
        @WithDefault("15s")
        Duration heartbeat();

        /** Claims of one cell before its evaluation is failed (an instance dying on it each time). */
        @WithDefault("3")
        int maxAttempts();
    }
}
