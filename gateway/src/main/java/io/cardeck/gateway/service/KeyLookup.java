package io.cardeck.gateway.service;

import io.cardeck.access.AccessControl;
import io.cardeck.access.ApiKey;
import io.cardeck.outbox.quarkus.DatabaseOutage;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Looks issued keys up in the database at every request, so a revoked key is refused at once; while the
 * database cannot be reached, a key the database confirmed within the last {@code grace} still opens
 * what its role opens, so clients already at work (inference above all) go on through a short outage.
 * A key not confirmed within the grace gets the outage's failure (503). Only confirmed keys are
 * remembered, so keys made up by callers cannot grow the memory.
 */
final class KeyLookup {

    private static final Logger LOG = Logger.getLogger(KeyLookup.class);

    private record Confirmed(AccessControl.Holder holder, long atNanos) {
    }

    private final Function<ApiKey, Optional<AccessControl.Holder>> database;
    private final long graceNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Confirmed> confirmed = new ConcurrentHashMap<>();

    KeyLookup(Function<ApiKey, Optional<AccessControl.Holder>> database, Duration grace, LongSupplier nanoTime) {
        this.database = database;
        this.graceNanos = grace.toNanos();
        this.nanoTime = nanoTime;
    }

    Optional<AccessControl.Holder> holder(ApiKey key) {
        Optional<AccessControl.Holder> holder;
        try {
            holder = database.apply(key);
        } catch (RuntimeException e) {
            Confirmed last = confirmed.get(key.hash());
            if (!DatabaseOutage.isCauseOf(e) || last == null || nanoTime.getAsLong() - last.atNanos() > graceNanos) {
                throw e;
            }
            LOG.debugf("the database is unreachable; key of '%s' confirmed %d s ago is accepted", last.holder().name(),
                    Duration.ofNanos(nanoTime.getAsLong() - last.atNanos()).toSeconds());
            return Optional.of(last.holder());
        }
        if (holder.isPresent()) {
            confirmed.put(key.hash(), new Confirmed(holder.get(), nanoTime.getAsLong()));
        } else {
            confirmed.remove(key.hash());
        }
        return holder;
    }
}
