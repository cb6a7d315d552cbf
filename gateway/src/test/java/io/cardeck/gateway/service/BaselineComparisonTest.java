package io.cardeck.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.gateway.client.EvaluationStatus;
import io.cardeck.gateway.client.EvaluationView;
import io.cardeck.metrics.CorruptionError;
import io.cardeck.robustness.corruption.Corruptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class BaselineComparisonTest {

    @Test
    void errorsAreTheModelsOverTheBaselinesOnEveryStandardCorruption() {
        // Model: 80% on every cell, 90% clean. Baseline: 60% on every cell except fog (50%), 90% clean.
        // CE = 5 x 0.2 / (5 x 0.4) = 0.5, fog 1.0 / 2.5 = 0.4; relative = (1.0 - 0.5) / (2.0 - 0.5) = 1/3, fog 0.5 / 2.0.
        EvaluationView model = evaluation("model", 0.9, cell -> 0.8);
        EvaluationView baseline = evaluation("baseline", 0.9, cell -> cell.equals("fog") ? 0.5 : 0.6);

        BaselineComparison comparison = BaselineComparison.of(model, baseline);

        assertEquals(15, comparison.corruptions().size(), "the standard corruptions only");
        for (CorruptionError error : comparison.corruptions()) {
            boolean fog = error.corruption().equals("fog");
            assertEquals(fog ? 0.4 : 0.5, error.corruptionError(), 1e-12, error.corruption());
            assertEquals(fog ? 0.25 : 1.0 / 3, error.relativeCorruptionError(), 1e-12, error.corruption());
        }
        assertEquals((14 * 0.5 + 0.4) / 15, comparison.meanCorruptionError(), 1e-12);
        assertEquals((14.0 / 3 + 0.25) / 15, comparison.relativeMeanCorruptionError(), 1e-12);
        assertEquals("eval-baseline", comparison.baselineEvaluationId());
        assertEquals("baseline", comparison.baselineModelId());
    }

    @Test
    void anUnfinishedEvaluationOrAnotherDatasetIsRefusedSayingSo() {
        EvaluationView model = evaluation("model", 0.9, cell -> 0.8);
        EvaluationView running = new EvaluationView("eval-r", "r", EvaluationStatus.RUNNING, "fashion-mnist", 10, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> BaselineComparison.of(model, running));
        assertEquals("the baseline's evaluation eval-r is RUNNING; corruption errors need a SUCCEEDED evaluation with its"
                + " cells", refused.getMessage());

        EvaluationView cifar = new EvaluationView("eval-c", "c", EvaluationStatus.SUCCEEDED, "cifar10", 10, 0.9, 0.8, null,
                null, null, null, null, null, null, null, null, null, List.of(), null);
        refused = assertThrows(InvalidInputException.class, () -> BaselineComparison.of(model, cifar));
        assertTrue(refused.getMessage().startsWith("the baseline's evaluation eval-c is on cifar10, the model's on"
                + " fashion-mnist"), refused.getMessage());
    }

    @Test
    void aBaselineWithoutErrorsOnACorruptionIsRefusedNamingIt() {
        EvaluationView model = evaluation("model", 0.9, cell -> 0.8);
        EvaluationView perfectOnFog = evaluation("baseline", 0.9, cell -> cell.equals("fog") ? 1.0 : 0.6);
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> BaselineComparison.of(model, perfectOnFog));
        assertTrue(refused.getMessage().startsWith("baseline has no error on fog"), refused.getMessage());
    }

    /** A finished evaluation of every corruption at every severity, the accuracy of a cell by its corruption. */
    private static EvaluationView evaluation(String modelId, double clean, ToDoubleFunction<String> accuracy) {
        List<EvaluationView.EvaluationCell> cells = new ArrayList<>();
        for (String corruption : Corruptions.names()) {
            for (int severity = 1; severity <= 5; severity++) {
                cells.add(new EvaluationView.EvaluationCell(corruption, severity, 10, accuracy.applyAsDouble(corruption)));
            }
        }
        return new EvaluationView("eval-" + modelId, modelId, EvaluationStatus.SUCCEEDED, "fashion-mnist", 10, clean, null,
                null, null, null, null, null, null, null, null, null, null, cells, null);
    }
}
