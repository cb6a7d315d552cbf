package io.cardeck.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Clean accuracy of a model and its accuracy on each corruption x severity cell evaluated.
 * Corruptions not defined for the data (saturate on gray images) are simply absent.
 */
public record CorruptionGrid(double cleanAccuracy, long cleanCount, List<CorruptionCell> cells) {

    public CorruptionGrid {
        if (!(cleanAccuracy >= 0 && cleanAccuracy <= 1)) {
            throw new IllegalArgumentException("clean accuracy must be in [0, 1], got " + cleanAccuracy);
        }
        if (cleanCount < 1) {
            throw new IllegalArgumentException("clean accuracy must be over at least one image, got " + cleanCount);
        }
        cells = List.copyOf(cells);
        Set<String> seen = new HashSet<>();
        for (CorruptionCell cell : cells) {
            if (!seen.add(cell.key())) {
                throw new IllegalArgumentException("duplicate cell " + cell.key() + ": each corruption x severity may appear once");
            }
        }
    }

    /** The cell of {@code corruption} at {@code severity}, if it was evaluated. */
    public Optional<CorruptionCell> cell(String corruption, int severity) {
        for (CorruptionCell cell : cells) {
            if (cell.severity() == severity && cell.corruption().equals(corruption)) {
                return Optional.of(cell);
            }
        }
        return Optional.empty();
    }

    /** Names of the corruptions present, in the order they first appear. */
    public List<String> corruptions() {
        Set<String> names = new LinkedHashSet<>();
        for (CorruptionCell cell : cells) {
            names.add(cell.corruption());
        }
        return new ArrayList<>(names);
    }
}
