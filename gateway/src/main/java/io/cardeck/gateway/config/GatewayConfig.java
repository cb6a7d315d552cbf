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

    /** How long a call to a peer service may wait for its answer (uploads are validated there again). */
    @WithDefault("60s")
    Duration peerTimeout();

    /** How long connecting to a peer service may take before it counts as unavailable. */
    @WithDefault("5s")
    Duration peerConnectTimeout();

    /** Interval of the comment lines that keep idle event streams open through proxies. */
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
}
