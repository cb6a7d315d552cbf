package io.cardeck.cli;

import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import java.util.List;

/** Checks of option values that picocli's types do not cover; each failure names the option and what it accepts. */
final class CliArguments {

    private CliArguments() {}

    static int requirePositive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return value;
    }

    static int requireNonNegative(String option, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must be >= 0 (0 = all), got " + value);
        }
        return value;
    }

    /** The named corruptions, or all defined for {@code channels} when none are named. */
    static List<Corruption> corruptions(List<String> names, int channels) {
        if (names == null || names.isEmpty()) {
            return Corruptions.all().stream().filter(c -> c.definedFor(channels)).toList();
        }
        List<Corruption> chosen = names.stream().map(String::trim).distinct().map(Corruptions::byName).toList();
        for (Corruption corruption : chosen) {
            if (!corruption.definedFor(channels)) {
                throw new IllegalArgumentException(corruption.name() + " is not defined for images with " + channels
                        + " channel(s); see `cardeck corruptions list`");
            }
        }
        return chosen;
    }
}
