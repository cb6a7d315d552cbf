package io.cardeck.outbox.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox relay's settings ({@code cardeck.outbox.*}), the same keys in every service. */
@ConfigMapping(prefix = "cardeck.outbox")
public interface OutboxConfig {

    /** How often the relay looks for events to publish: how long a committed event may wait before it is sent. */
    @WithDefault("200ms")
    Duration interval();

    /** Client id of the relay's Kafka producer, by which the broker's logs and metrics name it. */
    @WithDefault("${quarkus.application.name}-outbox")
    String clientId();

    /**
     * How often the relay's backlog (unsent rows, age of the oldest) is measured for the metrics
     * {@code cardeck_outbox_unsent_events} and {@code cardeck_outbox_oldest_unsent_age_seconds}: a scrape
     * reads the latest measurement and never waits for the database.
     */
    @WithDefault("10s")
    Duration backlogInterval();

    /**
     * How long one round waits for Kafka (the broker's metadata, then its acknowledgements) before it
     * gives up and leaves the events for the next round: a round ends within it even when the broker is gone.
     */
    @WithDefault("10s")
    Duration sendTimeout();
}
