package io.cardeck.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cardeck.access.AccessControl;
import io.cardeck.access.ApiKey;
import io.cardeck.access.Role;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyLookupTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AccessControl.Holder READER = new AccessControl.Holder("reader", Role.READ);

    /** The api_keys table as the lookup sees it: a map, or an outage when {@code down}. */
    private final Map<String, AccessControl.Holder> issued = new ConcurrentHashMap<>();
    private volatile RuntimeException down;
    private final AtomicLong now = new AtomicLong();
    private final KeyLookup lookup = new KeyLookup(key -> {
        if (down != null) {
            throw down;
        }
        return Optional.ofNullable(issued.get(key.hash()));
    }, Duration.ofMinutes(10), now::get);

    @Test
    void aKeyConfirmedWithinTheGraceOpensThroughAnOutageAndOthersGetTheOutage() {
        ApiKey used = ApiKey.generate(RANDOM);
        ApiKey unused = ApiKey.generate(RANDOM);
        issued.put(used.hash(), READER);
        issued.put(unused.hash(), READER);
        assertEquals(Optional.of(READER), lookup.holder(used));

        down = outage();
        now.addAndGet(Duration.ofMinutes(9).toNanos());
        assertEquals(Optional.of(READER), lookup.holder(used));
        assertSame(down, assertThrows(RuntimeException.class, () -> lookup.holder(unused)), "never confirmed: 503");

        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertSame(down, assertThrows(RuntimeException.class, () -> lookup.holder(used)), "confirmed 11 minutes ago");
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndNotRememberedForTheNextOutage() {
        ApiKey key = ApiKey.generate(RANDOM);
        issued.put(key.hash(), READER);
        assertEquals(Optional.of(READER), lookup.holder(key));
        issued.remove(key.hash());
        assertEquals(Optional.empty(), lookup.holder(key), "the database is asked every time");

        down = outage();
        assertThrows(RuntimeException.class, () -> lookup.holder(key));
    }

    @Test
    void aFailureThatIsNotAnOutageIsThrownEvenForAConfirmedKey() {
        ApiKey key = ApiKey.generate(RANDOM);
        issued.put(key.hash(), READER);
        lookup.holder(key);
        down = new IllegalStateException("looking up a key failed", new SQLException("relation does not exist", "42P01"));
        assertSame(down, assertThrows(RuntimeException.class, () -> lookup.holder(key)));
    }

    private static RuntimeException outage() {
        return new IllegalStateException("looking up a key failed: The connection attempt failed.",
                new SQLException("The connection attempt failed.", "08001"));
    }
}
