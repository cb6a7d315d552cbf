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
}
