package io.cardeck.evaluator.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for what the service does asynchronously, failing with a description when it does not happen in time. */
final class Await {

    /** Generous: the first evaluation also generates the suite. */
    static final Duration LONG = Duration.ofMinutes(3);

    private Await() {
    }

    static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                fail("gave up after " + timeout + " waiting for " + what);
            }
            pause();
        }
    }

    static void condition(String what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
