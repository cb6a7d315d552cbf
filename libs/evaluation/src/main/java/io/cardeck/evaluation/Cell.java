package io.cardeck.evaluation;

import io.cardeck.metrics.CorruptionCell;

/**
 * One part of an evaluation that can be computed on its own, by any process: the clean images
 * ({@link #CLEAN}), or one corruption of the suite at one severity. Every cell scores the same
 * number of images, so cells are units of equal work.
 *
 * @param corruption null for the clean images
 * @param severity   0 for the clean images, else 1..5
 */
public record Cell(String corruption, int severity) {

    public static final Cell CLEAN = new Cell(null, 0);
    private static final String CLEAN_KEY = "clean";

    public Cell {
        if (corruption == null ? severity != 0 : corruption.isBlank() || severity < CorruptionCell.MIN_SEVERITY
                || severity > CorruptionCell.MAX_SEVERITY) {
            throw new IllegalArgumentException("a cell is the clean images (no corruption, severity 0) or a named"
                    + " corruption at severity " + CorruptionCell.MIN_SEVERITY + ".." + CorruptionCell.MAX_SEVERITY
                    + ", got '" + corruption + "' at severity " + severity);
        }
    }

    public boolean isClean() {
        return corruption == null;
    }

    /** The cell's name in messages: {@code clean}, or e.g. {@code fog/s3} as in datasets. */
    public String key() {
        return isClean() ? CLEAN_KEY : corruption + "/s" + severity;
    }
}
