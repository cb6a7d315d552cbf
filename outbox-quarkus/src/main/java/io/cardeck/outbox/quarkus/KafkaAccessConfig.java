package io.cardeck.outbox.quarkus;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * How the service logs in to the broker ({@code cardeck.kafka.*}, the same keys in every service): as
 * the SCRAM-SHA-512 user named as the service ({@code quarkus.application.name}), which is the
 * principal the broker's ACLs name ({@code TopicAccess} in libs/events).
 */
@ConfigMapping(prefix = "cardeck.kafka")
public interface KafkaAccessConfig {

    /**
     * The service's password on the broker ({@code CARDECK_KAFKA_PASSWORD}); {@code ./cardeck up} makes
     * one per run, Compose and Kubernetes take it from the environment or a Secret. Without it the
     * service connects without logging in (PLAINTEXT), for a broker without access control, and says so
     * at startup.
     */
    Optional<String> password();
}
