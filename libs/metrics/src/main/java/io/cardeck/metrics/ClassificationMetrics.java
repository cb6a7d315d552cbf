package io.cardeck.metrics;

import java.util.List;

/**
 * Scores of a classifier on a set of labelled images: top-1 accuracy, mean negative
 * log-likelihood of the true label (natural log) and expected calibration error over
 * {@link ClassificationAccumulator#CALIBRATION_BINS} equal-width confidence bins.
 */
public record ClassificationMetrics(long count, long correct, double accuracy, double meanNegativeLogLikelihood,
                                    double expectedCalibrationError, List<CalibrationBin> calibrationBins) {

    public ClassificationMetrics {
        calibrationBins = List.copyOf(calibrationBins);
    }
}
