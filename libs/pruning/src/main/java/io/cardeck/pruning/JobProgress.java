package io.cardeck.pruning;

import io.cardeck.events.TrainingRecord;

/**
 * Where a pruning run reports how far it is. Each report is also the job's heartbeat: a platform
 * job renews its lease on every report, so a method reports at least once per epoch (and per layer
 * where it works layer by layer). A method that trains reports with a {@link TrainingRecord}, which
 * a platform job carries on its progress event for the training curves.
 */
@FunctionalInterface
public interface JobProgress {

    JobProgress NONE = (fraction, message) -> { };

    /**
     * @param fraction of the whole run done, in [0, 1]
     * @param message  what is happening, for people (e.g. "round 2/4, epoch 3/5, held-out 91.2%")
     */
    void report(double fraction, String message);

    /**
     * A report that a sink must pass on, not merge into a later one: the end of a step people follow
     * (an epoch's end), where {@link #report} may be held back and replaced by the next report.
     */
    default void milestone(double fraction, String message) {
        report(fraction, message);
    }

    /** A report of a training run with where it stands; a sink that keeps no records takes the message alone. */
    default void report(double fraction, String message, TrainingRecord training) {
        report(fraction, message);
    }

    /** A {@link #milestone} of a training run with where it stands (an epoch's end). */
    default void milestone(double fraction, String message, TrainingRecord training) {
        milestone(fraction, message);
    }

    /** This sink for a part of a run that spans {@code [from, to]} of the whole. */
    default JobProgress part(double from, double to) {
        JobProgress whole = this;
        return new JobProgress() {
            @Override
            public void report(double fraction, String message) {
                whole.report(scaled(fraction), message);
            }

            @Override
            public void milestone(double fraction, String message) {
                whole.milestone(scaled(fraction), message);
            }

            @Override
            public void report(double fraction, String message, TrainingRecord training) {
                whole.report(scaled(fraction), message, training);
            }

            @Override
            public void milestone(double fraction, String message, TrainingRecord training) {
                whole.milestone(scaled(fraction), message, training);
            }

            private double scaled(double fraction) {
                return from + (to - from) * Math.max(0, Math.min(1, fraction));
            }
        };
    }
}
