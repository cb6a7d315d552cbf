package io.cardeck.gateway.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An evaluation as the evaluator-service describes it. Figures are null until it has them;
 * {@code cells} and {@code calibrationBins} are left out of lists and present for a single evaluation.
 *
 * @param robustAccuracy mean accuracy over the corruption cells; null when not applicable
 * @param extraAccuracy accuracies beyond the standard suite as the evaluator reports them, passed on unchanged
 * @param calibrationBins the clean images' reliability diagram, in bin order; empty when the evaluation has none
 */
public record EvaluationView(String id, String modelId, EvaluationStatus status, String dataset, Integer samplesPerCell,
                             Double cleanAccuracy, Double robustAccuracy, JsonNode extraAccuracy,
                             Double expectedCalibrationError, Double meanNegativeLogLikelihood, Long parameters,
                             Long nonZeroParameters, Double latencyMillisPerImage, Double imagesPerSecond, String error,
                             OffsetDateTime createdAt, OffsetDateTime completedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<EvaluationCell> cells,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<CalibrationBin> calibrationBins) {

    /** Accuracy on one corruption at one severity over {@code count} images. */
    public record EvaluationCell(String corruption, Integer severity, Integer count, Double accuracy) {
    }

    /**
     * The clean images whose confidence lies in {@code (lower, upper]}: how many, how many were right, and
     * their mean accuracy and confidence (0 for an empty bin).
     */
    public record CalibrationBin(Double lower, Double upper, Long count, Long correct, Double accuracy,
                                 Double confidence) {
    }
}
