package io.cardeck.events;

import java.util.Objects;

/** Checks shared by the event records' constructors: a bad event fails where it is made or read. */
final class EventChecks {

    private EventChecks() {}

    static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is missing");
    }

    static String text(String value, String field) {
        if (present(value, field).isBlank()) {
            throw new IllegalArgumentException(field + " is blank");
        }
        return value;
    }

    static double percent(double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException("percent must be in [0, 100], got " + value);
        }
        return value;
    }

    static double fraction(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], got " + value);
        }
        return value;
    }
}
