package io.cardeck.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Corruption errors of a model against a baseline over the standard corruptions, and their means
 * mCE and relative mCE (Hendrycks and Dietterich 2019). Errors are 1 - accuracy; all values are
 * ratios, not percentages.
 */
public record CorruptionErrors(List<CorruptionError> corruptions, double meanCorruptionError,
                               double relativeMeanCorruptionError) {

    /**
     * A baseline denominator closer to 0 than this is treated as 0: errors come from counts, so a
     * true zero can surface as rounding noise that would blow the ratio up.
     */
    static final double ZERO_DENOMINATOR = 1e-12;

    public CorruptionErrors {
        corruptions = List.copyOf(corruptions);
    }

    /**
     * Corruption errors of {@code model} against {@code baseline}. Both grids need all 5 severities
     * of every standard corruption; the baseline must err on each corruption and its summed
     * error must differ from 5 times its clean error.
     */
    public static CorruptionErrors of(CorruptionGrid model, CorruptionGrid baseline, List<String> standardCorruptions) {
        RobustnessResult.validStandardNames(standardCorruptions);
        List<CorruptionError> errors = new ArrayList<>();
        double ceSum = 0;
        double relativeSum = 0;
        double modelClean = 1 - model.cleanAccuracy();
        double baselineClean = 1 - baseline.cleanAccuracy();
        for (String corruption : standardCorruptions) {
            double modelError = 0;
            double baselineError = 0;
            for (int severity = CorruptionCell.MIN_SEVERITY; severity <= CorruptionCell.MAX_SEVERITY; severity++) {
                modelError += 1 - cellAccuracy(model, corruption, severity, "model");
                baselineError += 1 - cellAccuracy(baseline, corruption, severity, "baseline");
            }
            int severities = CorruptionCell.MAX_SEVERITY - CorruptionCell.MIN_SEVERITY + 1;
            double modelRelative = modelError - severities * modelClean;
            double baselineRelative = baselineError - severities * baselineClean;
            if (Math.abs(baselineError) < ZERO_DENOMINATOR) {
                throw new IllegalArgumentException("baseline has no error on " + corruption
                        + " at any severity, so its corruption error is a division by zero; choose a baseline that errs on every standard corruption");
            }
            if (Math.abs(baselineRelative) < ZERO_DENOMINATOR) {
                throw new IllegalArgumentException("baseline's summed error on " + corruption + " (" + baselineError
                        + ") equals " + severities + " x its clean error (" + baselineClean
                        + "), so the relative corruption error is a division by zero; choose another baseline");
            }
            CorruptionError error = new CorruptionError(corruption, modelError / baselineError, modelRelative / baselineRelative);
            errors.add(error);
            ceSum += error.corruptionError();
            relativeSum += error.relativeCorruptionError();
        }
        return new CorruptionErrors(errors, ceSum / errors.size(), relativeSum / errors.size());
    }

    private static double cellAccuracy(CorruptionGrid grid, String corruption, int severity, String which) {
        return grid.cell(corruption, severity)
                .orElseThrow(() -> new IllegalArgumentException(which + " grid lacks cell "
                        + CorruptionCell.key(corruption, severity)
                        + "; mCE needs all 5 severities of every standard corruption in both model and baseline"))
                .accuracy();
    }
}
