package io.cardeck.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A corruption grid summarised: robust accuracy, the unweighted mean accuracy over the standard
 * corruptions x 5 severities (the CIFAR-10-C leaderboard figure), and separately the mean over
 * the other (extra) corruptions present. The caller names the standard corruptions.
 */
public record RobustnessResult(CorruptionGrid grid, List<String> standardCorruptions, MeanAccuracy robustAccuracy,
                               MeanAccuracy extraAccuracy) {

    public RobustnessResult {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(robustAccuracy, "robustAccuracy");
        Objects.requireNonNull(extraAccuracy, "extraAccuracy");
        standardCorruptions = List.copyOf(standardCorruptions);
    }

    /** Robust accuracy over every standard cell; not available (with the reason) if any is missing. */
    public static RobustnessResult of(CorruptionGrid grid, List<String> standardCorruptions) {
        return summarise(grid, standardCorruptions, false);
    }

    /** Robust accuracy over the standard cells present, saying which cells it covers and which it lacks. */
    public static RobustnessResult partial(CorruptionGrid grid, List<String> standardCorruptions) {
        return summarise(grid, standardCorruptions, true);
    }

    public double cleanAccuracy() {
        return grid.cleanAccuracy();
    }

    private static RobustnessResult summarise(CorruptionGrid grid, List<String> standardCorruptions, boolean partial) {
        Set<String> standard = validStandardNames(standardCorruptions);
        List<String> extras = new ArrayList<>();
        for (String corruption : grid.corruptions()) {
            if (!standard.contains(corruption)) {
                extras.add(corruption);
            }
        }
        return new RobustnessResult(grid, standardCorruptions,
                MeanAccuracy.over(grid, standardCorruptions, partial, "robust"),
                MeanAccuracy.over(grid, extras, partial, "extra"));
    }

    static Set<String> validStandardNames(List<String> standardCorruptions) {
        if (standardCorruptions.isEmpty()) {
            throw new IllegalArgumentException("the list of standard corruptions is empty; name at least one");
        }
        Set<String> names = new HashSet<>();
        for (String name : standardCorruptions) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("standard corruption names must be non-blank, got '" + name + "'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("standard corruption " + name + " is listed twice");
            }
        }
        return names;
    }
}
