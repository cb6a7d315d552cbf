package io.cardeck.pruning;

/**
 * Where a pruning run reports how far it is. Each report is also the job's heartbeat: a platform
 * job renews its lease on every report, so a method reports at least once per epoch (and per layer
 * where it works layer by layer).
 */
@FunctionalInterface
public interface JobProgress {

    JobProgress NONE = (fraction, message) -> { };

    /**
     * @param fraction of the whole run done, in [0, 1]
     * @param message  what is happening, for people (e.g. "round 2/4, epoch 3/5, held-out 91.2%")
     */
    void report(double fraction, String message);

    /** This sink for a part of a run that spans {@code [from, to]} of the whole. */
    default JobProgress part(double from, double to) {
        JobProgress whole = this;
        return (fraction, message) -> whole.report(from + (to - from) * Math.max(0, Math.min(1, fraction)), message);
    }
}
