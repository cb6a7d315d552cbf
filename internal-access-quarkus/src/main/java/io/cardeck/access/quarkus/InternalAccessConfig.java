package io.cardeck.access.quarkus;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The service credential of an internal service ({@code cardeck.service.*}). */
@ConfigMapping(prefix = "cardeck.service")
public interface InternalAccessConfig {

    /**
     * The secret every request but health must carry in {@code X-Cardeck-Service-Credential}
     * ({@code CARDECK_SERVICE_CREDENTIAL}); {@code ./cardeck up} makes one per run. Without it the
     * service answers anyone who reaches it and says so at startup.
     */
    Optional<String> credential();

    /**
     * An API key of the platform's form ({@code cdk_...}, as {@code cardeck keys create} prints) that
     * opens the metrics page ({@code GET /q/metrics}) and nothing else, sent as {@code Authorization:
     * Bearer} ({@code CARDECK_SERVICE_METRICS_KEY}): what a Prometheus scraping the pods holds instead of
     * the service credential. Give the gateway the same one ({@code cardeck.gateway.metrics-key}).
     */
    Optional<String> metricsKey();
}
