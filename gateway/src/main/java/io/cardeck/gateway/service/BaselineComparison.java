package io.cardeck.gateway.service;

import io.cardeck.gateway.client.EvaluationStatus;
import io.cardeck.gateway.client.EvaluationView;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.metrics.CorruptionError;
import io.cardeck.metrics.CorruptionErrors;
import io.cardeck.metrics.CorruptionGrid;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import java.util.List;

/**
 * A model's corruption errors against a baseline model (Hendrycks and Dietterich's CE, mCE and
 * relative mCE), from the cells of two finished evaluations of the same dataset.
 *
 * @param corruptions each standard corruption's CE and relative CE, in the suite's order
 */
public record BaselineComparison(String evaluationId, String modelId, String baselineEvaluationId, String baselineModelId,
                                 double meanCorruptionError, double relativeMeanCorruptionError,
                                 List<CorruptionError> corruptions) {

    private static final List<String> STANDARD = Corruptions.standard().stream().map(Corruption::name).toList();

    /** @throws InvalidInputException when either evaluation is unfinished, of another dataset, or lacks what mCE needs */
    public static BaselineComparison of(EvaluationView model, EvaluationView baseline) {
        if (!model.dataset().equals(baseline.dataset())) {
            throw new InvalidInputException("the baseline's evaluation " + baseline.id() + " is on " + baseline.dataset()
                    + ", the model's on " + model.dataset() + "; compare evaluations of the same dataset");
        }
        try {
            CorruptionErrors errors = CorruptionErrors.of(grid(model, "the model's"), grid(baseline, "the baseline's"), STANDARD);
            return new BaselineComparison(model.id(), model.modelId(), baseline.id(), baseline.modelId(),
                    errors.meanCorruptionError(), errors.relativeMeanCorruptionError(), errors.corruptions());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    private static CorruptionGrid grid(EvaluationView evaluation, String whose) {
        if (evaluation.status() != EvaluationStatus.SUCCEEDED || evaluation.cells() == null) {
            throw new InvalidInputException(whose + " evaluation " + evaluation.id() + " is " + evaluation.status()
                    + "; corruption errors need a SUCCEEDED evaluation with its cells");
        }
        List<CorruptionCell> cells = evaluation.cells().stream()
                .map(cell -> new CorruptionCell(cell.corruption(), cell.severity(), cell.count(), cell.accuracy()))
                .toList();
        return new CorruptionGrid(evaluation.cleanAccuracy(), evaluation.samplesPerCell(), cells);
    }
}
