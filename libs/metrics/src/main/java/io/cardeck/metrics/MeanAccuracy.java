package io.cardeck.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Unweighted mean accuracy over corruption x severity cells, or the reason it is not available.
 * A full mean needs every expected cell; a partial one (asked for explicitly) averages the cells
 * present and lists what it covers and what it lacks.
 *
 * @param value mean accuracy, null when not available
 * @param partial true when the mean was asked to cover only the cells present
 * @param expectedCells cells the full mean needs (corruptions x 5 severities)
 * @param coveredCells cells present in the grid, e.g. {@code fog/s3}
 * @param missingCells expected cells absent from the grid
 * @param unavailableReason why {@code value} is null, null when it is not
 */
public record MeanAccuracy(Double value, boolean partial, int expectedCells, List<String> coveredCells,
                           List<String> missingCells, String unavailableReason) {

    public MeanAccuracy {
        coveredCells = List.copyOf(coveredCells);
        missingCells = List.copyOf(missingCells);
        if ((value == null) == (unavailableReason == null)) {
            throw new IllegalArgumentException("exactly one of value and unavailable reason must be given, got value "
                    + value + " and reason " + unavailableReason);
        }
    }

    public boolean available() {
        return value != null;
    }

    /** The mean, or an {@link IllegalStateException} carrying the reason it is not available. */
    public double orElseThrow() {
        if (value == null) {
            throw new IllegalStateException(unavailableReason);
        }
        return value;
    }

    /** Mean accuracy of {@code grid} over {@code corruptions} x severities 1..5, named {@code what} in reasons. */
    static MeanAccuracy over(CorruptionGrid grid, List<String> corruptions, boolean partial, String what) {
        List<String> covered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        double sum = 0;
        for (String corruption : corruptions) {
            for (int severity = CorruptionCell.MIN_SEVERITY; severity <= CorruptionCell.MAX_SEVERITY; severity++) {
                var cell = grid.cell(corruption, severity);
                if (cell.isPresent()) {
                    covered.add(cell.get().key());
                    sum += cell.get().accuracy();
                } else {
                    missing.add(CorruptionCell.key(corruption, severity));
                }
            }
        }
        int expected = covered.size() + missing.size();
        String reason = null;
        if (covered.isEmpty()) {
            reason = what + " accuracy not available: no " + what + " corruption cells in the grid";
        } else if (!missing.isEmpty() && !partial) {
            reason = what + " accuracy not available: " + missing.size() + " of " + expected + " cells missing "
                    + missing + "; evaluate them, or ask for a partial summary over the cells present";
        }
        Double value = reason == null ? sum / covered.size() : null;
        return new MeanAccuracy(value, partial, expected, covered, missing, reason);
    }
}
