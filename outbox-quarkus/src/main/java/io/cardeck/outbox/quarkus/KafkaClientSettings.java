package io.cardeck.outbox.quarkus;

import io.cardeck.events.KafkaLogin;
import io.quarkus.kafka.client.runtime.KafkaRuntimeConfigProducer;
import io.quarkus.runtime.ApplicationConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The one place where the service's Kafka clients get their settings. Quarkus hands every
 * {@code kafka.*} property to its clients as the {@code default-kafka-broker} configuration, which the
 * channels, their dead-letter producers, the Kafka health check, the outbox relay and the gateway's
 * dead-letter tools all use; this replaces it with the same settings plus the service's login
 * ({@link KafkaAccessConfig}), so that no client connects as anyone else.
 */
@Singleton
public class KafkaClientSettings {

    private static final Logger LOG = Logger.getLogger(KafkaClientSettings.class);

    @Produces
    @Singleton
    @Identifier("default-kafka-broker")
    Map<String, Object> defaultBroker(Config config, ApplicationConfig application, KafkaAccessConfig access) {
        // Quarkus's own reading of kafka.* (environment forms, TLS registry, the default group id), which this bean replaces.
        Map<String, Object> settings = new HashMap<>(new KafkaRuntimeConfigProducer().createKafkaRuntimeConfig(config, application));
        login(application.name().orElseThrow(), access.password()).ifPresent(login -> settings.putAll(login.clientSettings()));
        return settings;
    }

    void reportAtStartup(@Observes StartupEvent startup, ApplicationConfig application, KafkaAccessConfig access) {
        if (login(application.name().orElseThrow(), access.password()).isEmpty()) {
            LOG.warn("cardeck.kafka.password (CARDECK_KAFKA_PASSWORD) is not set: this service connects to Kafka without"
                    + " logging in, which only a broker without access control accepts; set it, as ./cardeck up does,"
                    + " wherever the broker is shared");
        }
    }

    /**
     * The login of {@code service} with {@code password}; empty without a password.
     *
     * @throws IllegalStateException for a password that is not accepted, saying what is (never what was given)
     */
    static Optional<KafkaLogin> login(String service, Optional<String> password) {
        if (password.isEmpty() || password.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KafkaLogin(service, password.get()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid configuration: cardeck.kafka.password (CARDECK_KAFKA_PASSWORD): "
                    + e.getMessage(), e);
        }
    }
}
