package io.cardeck.metrics;

/**
 * One confidence bin of a reliability diagram: the predictions whose confidence lies in
 * {@code (lower, upper]} (the first bin also holds confidence 0). {@code accuracy} and
 * {@code confidence} are means over the bin, 0 when {@code count} is 0.
 */
public record CalibrationBin(int index, double lower, double upper, long count, long correct,
                             double accuracy, double confidence) {
}
