package io.cardeck.pruner;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for something the service does asynchronously (consume, run a job, publish). */
final class Eventually {

    /** Generous: a slow CI machine must not fail a correct service; a wrong one fails on the assertions after. */
    static final long DEADLINE_MILLIS = 90_000;

    private Eventually() {
    }

    /** Training jobs run epochs over a whole training split, on a machine shared with other work. */
    static final Duration TRAINING = Duration.ofMinutes(15);

    static <T> T await(String what, Supplier<Optional<T>> probe) {
        return await(what, Duration.ofMillis(DEADLINE_MILLIS), probe);
    }

    static <T> T await(String what, Duration patience, Supplier<Optional<T>> probe) {
        long deadline = System.currentTimeMillis() + patience.toMillis();
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
