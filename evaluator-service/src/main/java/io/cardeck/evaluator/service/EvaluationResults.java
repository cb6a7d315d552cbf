package io.cardeck.evaluator.service;

import io.cardeck.metrics.CalibrationBin;
import io.cardeck.metrics.CorruptionCell;
import java.util.List;
import java.util.UUID;

/**
 * What a finished evaluation stores: its cells merged.
 *
 * @param samplesPerCell            clean images and images per cell actually evaluated
 * @param suiteId                   the generated suite of the clean cell (table {@code suites}; each cell records its own)
 * @param robustAccuracy            mean over the 15 standard corruptions x 5 severities; null when a cell is missing
 * @param extraAccuracy             mean over the other corruptions of the suite; null when there are none
 * @param expectedCalibrationError  on the clean images
 * @param meanNegativeLogLikelihood on the clean images
 * @param calibrationBins           the clean images' reliability diagram, in bin order
 * @param latencyMillisPerImage     median of single-image runs after warm-up, on the instance of the clean cell
 * @param imagesPerSecond           the cells' images over the time from the first cell's claim to the last one's store,
 *                                  whatever the number of instances that computed them
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
