package io.cardeck.evaluator.service;

import io.cardeck.metrics.CalibrationBin;
import io.cardeck.metrics.CorruptionCell;
import java.util.List;
import java.util.UUID;

/**
 * What a finished evaluation stores.
 *
 * @param samplesPerCell            clean images and images per cell actually evaluated
 * @param suiteId                   the generated suite used (table {@code suites})
 * @param robustAccuracy            mean over the 15 standard corruptions x 5 severities; null when a cell is missing
 * @param extraAccuracy             mean over the other corruptions of the suite; null when there are none
 * @param expectedCalibrationError  on the clean images
 * @param meanNegativeLogLikelihood on the clean images
 * @param calibrationBins           the clean images' reliability diagram, in bin order
 * @param latencyMillisPerImage     median of single-image runs after warm-up
 * @param imagesPerSecond           throughput of the whole evaluation, in batches
 */
public record EvaluationResults(int samplesPerCell, UUID suiteId, double cleanAccuracy, Double robustAccuracy,
                                Double extraAccuracy, double expectedCalibrationError, double meanNegativeLogLikelihood,
                                List<CalibrationBin> calibrationBins, long parameters, long nonZeroParameters, double latencyMillisPerImage,
                                double imagesPerSecond, List<CorruptionCell> cells) {

    public EvaluationResults {
        calibrationBins = List.copyOf(calibrationBins);
        cells = List.copyOf(cells);
    }
}
