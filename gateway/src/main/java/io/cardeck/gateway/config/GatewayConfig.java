package io.cardeck.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The gateway's settings ({@code cardeck.gateway.*}). */
@ConfigMapping(prefix = "cardeck.gateway")
public interface GatewayConfig {

    /** Base URL of the pruner-service: the model registry and the prune jobs. */
    @WithDefault("http://127.0.0.1:8081")
    URI prunerUrl();

    /** Base URL of the evaluator-service: the evaluations. */
    @WithDefault("http://127.0.0.1:8082")
    URI evaluatorUrl();

    /** Base URL of the ensemble-service: the decks and their inference. */
    @WithDefault("http://127.0.0.1:8083")
    URI ensembleUrl();

    /**
     * Largest ONNX upload accepted (413 above it); the pruner-service's limit is the same by default.
     * Keep {@code quarkus.http.limits.max-body-size} above it, or HTTP refuses larger requests before
     * the gateway can say why.
     */
    @WithDefault("64M")
    MemorySize maxModelSize();

    /** How uploads are checked before they reach ONNX Runtime. */
    Uploads uploads();

    /** How long a call to a peer service may wait for its answer (uploads are validated there again). */
    @WithDefault("60s")
    Duration peerTimeout();

    /** How long connecting to a peer service may take before it counts as unavailable. */
    @WithDefault("5s")
    Duration peerConnectTimeout();

    /** Interval of the comment lines that keep idle event streams open through proxies (whole seconds, at least 1). */
    @WithDefault("15s")
    Duration sseHeartbeat();

    /** Events kept for a subscriber that reads slower than they arrive; beyond this its stream ends. */
    @WithDefault("1024")
    int sseBuffer();

    /** Event streams open at once on this instance; one more is refused with 503 until one closes. */
    @WithDefault("256")
    int sseMaxSubscribers();

    /** A stream that delivers no event for this long is closed (heartbeats do not count); clients reconnect. */
    @WithDefault("30m")
    Duration sseIdleTimeout();

    /**
     * An admin API key accepted besides the issued ones ({@code CARDECK_GATEWAY_ADMIN_KEY}), so that
     * {@code ./cardeck up} and the tests start with a key they know; in the format of
     * {@code cardeck keys create}. Absent in a deployment once an admin key has been issued.
     */
    Optional<String> adminKey();

    /**
     * A key of role {@code metrics} accepted besides the issued ones ({@code CARDECK_GATEWAY_METRICS_KEY}):
     * it opens {@code /q/metrics} only, for a Prometheus that scrapes the pods; the internal services
     * take the same one as {@code cardeck.service.metrics-key}.
     */
    Optional<String> metricsKey();

    /**
     * While the database cannot be reached, an issued key it confirmed within this long still opens
     * what its role opens (0s: none does); others are answered 503. Revocation needs the database,
     * so it is not delayed by this.
     */
    @WithDefault("10m")
    Duration keyOutageGrace();

    /** Limits on checking uploads ({@code cardeck.gateway.uploads.*}); see {@code GraphLimits} in libs/onnx. */
    interface Uploads {

        /**
         * Uploads checked at once on this instance; one more is refused with 429 and Retry-After. Each
         * holds the model's bytes twice (file and parsed) and an ONNX Runtime session while it is checked.
         */
        @WithDefault("2")
        int maxConcurrent();

        /**
         * Budget for creating the ONNX Runtime session and running one zero image; a model that takes
         * longer is refused (422) and its run stopped. A check whose session is still being created
         * keeps its place among {@link #maxConcurrent()} until ONNX Runtime returns, which cannot stop
         * that.
         */
        @WithDefault("8s")
        Duration runtimeTimeout();

        /** Bound on the bytes of a graph's initializers and constants, counted by their dims (422 above). */
        @WithDefault("64M")
        MemorySize maxWeightBytes();

        /**
         * Bound on the elements of each tensor the graph computes, for one image and for a batch of 256
         * (422 above). The default is 256 MiB of float32.
         */
        @WithDefault("67108864")
        long maxTensorElements();

        /**
         * Bound on the bytes of computed tensors a run holds at once, for a batch of 256 images, each
         * tensor held until its last use (422 above).
         */
        @WithDefault("2G")
        MemorySize maxActivationBytes();
    }
}
