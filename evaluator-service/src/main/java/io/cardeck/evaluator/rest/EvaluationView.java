package io.cardeck.evaluator.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cardeck.evaluator.repository.Evaluation;
import io.cardeck.evaluator.repository.EvaluationCell;
import io.cardeck.evaluator.repository.EvaluationStatus;
import io.cardeck.evaluator.repository.StoredCalibrationBin;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An evaluation as the REST API shows it. Figures are null until SUCCEEDED ({@code robustAccuracy} and
 * {@code extraAccuracy} may stay null when not available), {@code error} until FAILED; {@code cells} and
 * {@code calibrationBins} (the clean images' reliability diagram; empty until SUCCEEDED and for evaluations
 * stored before the bins were kept) appear only when one evaluation is read.
 */
public record EvaluationView(UUID id, UUID modelId, EvaluationStatus status, String dataset, int samplesPerCell,
                             Double cleanAccuracy, Double robustAccuracy, Double extraAccuracy,
                             Double expectedCalibrationError, Double meanNegativeLogLikelihood, Long parameters,
                             Long nonZeroParameters, Double latencyMillisPerImage, Double imagesPerSecond, String error,
                             Instant createdAt, Instant completedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<CellView> cells,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<StoredCalibrationBin> calibrationBins) {

    /** One corruption x severity cell. */
    public record CellView(String corruption, int severity, long count, double accuracy) {

        static CellView of(EvaluationCell cell) {
            return new CellView(cell.corruption, cell.severity, cell.count, cell.accuracy);
        }
    }

    /** Without cells and bins, for lists. */
    static EvaluationView summary(Evaluation e) {
        return of(e, null, null);
    }

    /** With every cell and calibration bin. */
    static EvaluationView detailed(Evaluation e) {
        return of(e, e.cells.stream().map(CellView::of).toList(),
                e.calibrationBins == null ? List.of() : e.calibrationBins);
    }

    private static EvaluationView of(Evaluation e, List<CellView> cells, List<StoredCalibrationBin> calibrationBins) {
        return new EvaluationView(e.id, e.modelId, e.status, e.dataset, e.samplesPerCell, e.cleanAccuracy,
                e.robustAccuracy, e.extraAccuracy, e.expectedCalibrationError, e.meanNegativeLogLikelihood, e.parameters,
                e.nonZeroParameters, e.latencyMillisPerImage, e.imagesPerSecond, e.error, e.createdAt, e.completedAt,
                cells, calibrationBins);
    }
}
