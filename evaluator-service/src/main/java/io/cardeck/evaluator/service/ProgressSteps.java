package io.cardeck.evaluator.service;

import java.util.OptionalInt;

/**
 * Which progress to announce as an evaluation's cells are stored, one after another by whichever
 * instances compute them: a report at every {@code step} percent of the {@code total} cells, so an
 * evaluation emits a handful of events rather than one per cell.
 */
public record ProgressSteps(long total, int step) {

    public ProgressSteps {
        if (total < 1) {
            throw new IllegalArgumentException("total must be at least 1 cell, got " + total);
        }
        if (step < 1 || step > 100) {
            throw new IllegalArgumentException("step must be a percentage in 1..100, got " + step);
        }
    }

    /** The percentage to report once {@code done} cells are stored, if the {@code done}-th reached a new step. */
    public OptionalInt reachedBy(long done) {
        if (done < 1 || done > total) {
            throw new IllegalArgumentException("cells done must be in 1.." + total + ", got " + done);
        }
        int reached = stepOf(done);
        return reached > stepOf(done - 1) ? OptionalInt.of(reached) : OptionalInt.empty();
    }

    private int stepOf(long done) {
        int percent = (int) (done * 100 / total);
        return percent == 100 ? 100 : percent / step * step;
    }
}
