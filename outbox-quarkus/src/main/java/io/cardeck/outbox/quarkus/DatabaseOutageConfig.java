package io.cardeck.outbox.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a consumer waits out a database outage ({@code cardeck.consumers.database-outage.*}, the same
 * keys in every service): it retries the same message after {@link #firstDelay()}, doubling up to
 * {@link #maxDelay()}, until {@link #giveUpAfter()} has passed since its first try; then the message
 * goes to the dead-letter topic like any other it could not apply.
 */
@ConfigMapping(prefix = "cardeck.consumers.database-outage")
public interface DatabaseOutageConfig {

    @WithDefault("500ms")
    Duration firstDelay();

    @WithDefault("10s")
    Duration maxDelay();

    /**
     * Must stay under the Kafka connector's {@code throttled.unprocessed-record-max-age.ms}, which
     * stops the channel once a record waits longer than that (checked at startup).
     */
    @WithDefault("5m")
    Duration giveUpAfter();
}
