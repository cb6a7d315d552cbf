package io.cardeck.pruning.schedule;

/**
 * Zhu and Gupta's gradual pruning schedule (2017): the sparsity rises from {@code initial} to
 * {@code target} between steps {@code start} and {@code end} along
 * {@code s(t) = target + (initial - target) * (1 - (t - start) / (end - start))^3}, fast at first
 * and slower as fewer weights are left; pruning happens every {@code interval} steps. GMP uses it
 * alone, GraNet adds regeneration after each pruning step.
 */
public record CubicSparsitySchedule(double initial, double target, long start, long end, long interval) {

    public CubicSparsitySchedule {
        if (!(initial >= 0 && initial < 1 && target > initial && target < 1)) {
            throw new IllegalArgumentException("sparsities must satisfy 0 <= initial < target < 1, got " + initial + " and "
                    + target);
        }
        if (start < 0 || end <= start || interval < 1) {
            throw new IllegalArgumentException("steps must satisfy 0 <= start < end and interval >= 1, got start " + start
                    + ", end " + end + ", interval " + interval);
        }
    }

    /** The sparsity the schedule asks for at step {@code step}. */
    public double sparsityAt(long step) {
        if (step <= start) {
            return initial;
        }
        if (step >= end) {
            return target;
        }
        double remaining = 1 - (double) (step - start) / (end - start);
        return target + (initial - target) * remaining * remaining * remaining;
    }

    /** Whether the model is pruned after step {@code step} (counted from 1): every interval in the window, and at its end. */
    public boolean prunesAt(long step) {
        return step >= start && step <= end && ((step - start) % interval == 0 || step == end);
    }
}
