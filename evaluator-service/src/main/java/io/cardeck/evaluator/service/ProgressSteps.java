package io.cardeck.evaluator.service;

import java.util.OptionalInt;

/**
 * Turns images done into progress reports at every {@code step} percent, so a long evaluation
 * emits a handful of events rather than one per batch. Not thread-safe: fed by one thread.
 */
public final class ProgressSteps {

    private final long total;
    private final int step;
    private long done;
    private int reported;

    public ProgressSteps(long total, int step) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be at least 1 image, got " + total);
        }
        if (step < 1 || step > 100) {
            throw new IllegalArgumentException("step must be a percentage in 1..100, got " + step);
        }
        this.total = total;
        this.step = step;
    }

    /** Adds {@code images} done; returns the percentage to report when a new step was reached. */
    public OptionalInt advance(long images) {
        done = Math.min(total, done + images);
        int percent = (int) (done * 100 / total);
        int reached = percent == 100 ? 100 : percent / step * step;
        if (reached <= reported) {
            return OptionalInt.empty();
        }
        reported = reached;
        return OptionalInt.of(reached);
    }
}
