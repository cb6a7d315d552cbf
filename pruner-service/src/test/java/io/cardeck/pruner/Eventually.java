package io.cardeck.pruner;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import java.util.function.Supplier;

/** Waits for something the service does asynchronously (consume, run a job, publish). */
final class Eventually {

    /** Generous: a slow CI machine must not fail a correct service; a wrong one fails on the assertions after. */
    private static final long DEADLINE_MILLIS = 90_000;

    private Eventually() {
    }

    static <T> T await(String what, Supplier<Optional<T>> probe) {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.currentTimeMillis() > deadline) {
                return fail("gave up waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted while waiting for " + what);
            }
        }
    }
}
