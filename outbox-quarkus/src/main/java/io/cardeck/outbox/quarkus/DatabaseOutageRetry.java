package io.cardeck.outbox.quarkus;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one way through a database outage for work that must not be lost: applies it and, while the
 * failure is a {@link DatabaseOutage}, applies the same work again with a growing delay (see
 * {@link DatabaseOutageConfig}). The consumers apply a message this way, so a short outage holds
 * consumption up instead of sending messages to the dead-letter topic (retrying is safe because
 * they apply an event once per event id); the pruner-service stores a computed job result this way,
 * so the result is not computed again (the store checks that the job is still this run's). Any
 * other failure is thrown at once: a message that is bad in itself is dead-lettered as before.
 */
@Startup
@ApplicationScoped
public class DatabaseOutageRetry {

    /** The Kafka connector's limit on how long a record may wait for its acknowledgement before it stops the channel. */
    static final String UNPROCESSED_RECORD_MAX_AGE = "mp.messaging.connector.smallrye-kafka.throttled.unprocessed-record-max-age.ms";

    private static final Logger LOG = Logger.getLogger(DatabaseOutageRetry.class);

    /** Waits between tries; a test's pause returns at once. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration giveUpAfter;
    private final LongSupplier nanoTime;
    private final Pause pause;

    @Inject
    DatabaseOutageRetry(DatabaseOutageConfig config,
            @ConfigProperty(name = UNPROCESSED_RECORD_MAX_AGE, defaultValue = "60000") long unprocessedRecordMaxAgeMillis) {
        this(config, unprocessedRecordMaxAgeMillis, System::nanoTime, delay -> Thread.sleep(delay.toMillis()));
    }

    DatabaseOutageRetry(DatabaseOutageConfig config, long unprocessedRecordMaxAgeMillis, LongSupplier nanoTime, Pause pause) {
        check(config, unprocessedRecordMaxAgeMillis);
        this.firstDelay = config.firstDelay();
        this.maxDelay = config.maxDelay();
        this.giveUpAfter = config.giveUpAfter();
        this.nanoTime = nanoTime;
        this.pause = pause;
    }

    /**
     * Runs {@code consumption} until it succeeds, fails for another reason than a database outage, or
     * the outage has lasted {@code give-up-after}; the last two throw (a consumer's message is then
     * dead-lettered). {@code what} names the work in the log.
     */
    public void apply(String what, Runnable consumption) {
        long start = nanoTime.getAsLong();
        Duration delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                consumption.run();
                if (attempt > 1) {
                    LOG.infof("%s applied once the database was back, at attempt %d", what, attempt);
                }
                return;
            } catch (RuntimeException failure) {
                if (!DatabaseOutage.isCauseOf(failure)) {
                    throw failure;
                }
                Duration waited = Duration.ofNanos(nanoTime.getAsLong() - start);
                if (waited.plus(delay).compareTo(giveUpAfter) > 0) {
                    throw new IllegalStateException("the database was unreachable for " + waited.toSeconds()
                            + " s (cardeck.consumers.database-outage.give-up-after " + giveUpAfter + "): "
                            + failure.getMessage(), failure);
                }
                LOG.warnf("the database is unreachable (%s); %s is tried again in %d ms (attempt %d)",
                        failure.getMessage(), what, delay.toMillis(), attempt + 1);
                try {
                    pause.sleep(delay);
                } catch (InterruptedException e) {
                    // Only a stopping service interrupts: a message is dead-lettered, to be replayed; a job result is
                    // dropped and the job claimed again once its lease expires.
                    Thread.currentThread().interrupt();
                    throw failure;
                }
                Duration doubled = delay.multipliedBy(2);
                delay = doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
            }
        }
    }

    private static void check(DatabaseOutageConfig config, long unprocessedRecordMaxAgeMillis) {
        String prefix = "invalid configuration: cardeck.consumers.database-outage.";
        if (config.firstDelay().toMillis() < 1) {
            throw new IllegalStateException(prefix + "first-delay is " + config.firstDelay() + "; accepted: 1ms or more, such as 500ms");
        }
        if (config.maxDelay().compareTo(config.firstDelay()) < 0) {
            throw new IllegalStateException(prefix + "max-delay is " + config.maxDelay() + "; accepted: at least first-delay ("
                    + config.firstDelay() + ")");
        }
        if (config.giveUpAfter().toMillis() >= unprocessedRecordMaxAgeMillis) {
            throw new IllegalStateException(prefix + "give-up-after is " + config.giveUpAfter() + "; accepted: less than "
                    + UNPROCESSED_RECORD_MAX_AGE + " (" + unprocessedRecordMaxAgeMillis
                    + " ms), after which the Kafka connector stops a channel whose record waits");
        }
    }
}
