package io.cardeck.evaluator.repository;

import io.cardeck.metrics.CalibrationBin;

/**
 * One confidence bin of an evaluation's clean images as stored in {@code evaluations.calibration_bins}:
 * the predictions with confidence in {@code (lower, upper]}, how many there were and how many were right,
 * and their mean accuracy and confidence. A record of its own, so that the stored JSON does not change
 * when the metrics library's record does.
 */
public record StoredCalibrationBin(double lower, double upper, long count, long correct, double accuracy,
                                   double confidence) {

    public static StoredCalibrationBin of(CalibrationBin bin) {
        return new StoredCalibrationBin(bin.lower(), bin.upper(), bin.count(), bin.correct(), bin.accuracy(),
                bin.confidence());
    }

    /** The bin as the metrics library has it, at {@code index} of its diagram. */
    public CalibrationBin toCalibrationBin(int index) {
        return new CalibrationBin(index, lower, upper, count, correct, accuracy, confidence);
    }
}
