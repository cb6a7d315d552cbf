package io.cardeck.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.metrics.ClassificationMetrics;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.metrics.RobustnessResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationPlanTest {

    private static final EvaluationPlan PLAN = new EvaluationPlan(List.of("fog", "snow"));
    private static final ClassificationMetrics CLEAN = new ClassificationMetrics(100, 90, 0.9, 0.3, 0.05, List.of());

    private static List<CorruptionCell> everyCell() {
        List<CorruptionCell> cells = new ArrayList<>();
        for (String corruption : List.of("snow", "fog")) {
            for (int severity = 5; severity >= 1; severity--) {
                cells.add(new CorruptionCell(corruption, severity, 100, severity / 10.0));
            }
        }
        return cells;
    }

    @Test
    void theCleanImagesComeFirstThenEachCorruptionBySeverity() {
        List<Cell> cells = PLAN.cells();
        assertEquals(11, cells.size());
        assertEquals(Cell.CLEAN, cells.get(0));
        assertEquals(new Cell("fog", 1), cells.get(1));
        assertEquals(new Cell("fog", 5), cells.get(5));
        assertEquals(new Cell("snow", 1), cells.get(6));
        assertEquals(PLAN, new EvaluationPlan(List.of("snow", "fog")), "corruptions in name order, as a suite lists them");
        assertEquals(List.of(Cell.CLEAN), EvaluationPlan.cleanOnly().cells());
        assertEquals("clean", Cell.CLEAN.key());
        assertEquals("snow/s3", new Cell("snow", 3).key());
    }

    @Test
    void resultsGivenInAnyOrderMergeInPlanOrder() {
        RobustnessResult merged = PLAN.robustness(CLEAN, everyCell(), List.of("fog"));
        assertEquals(List.of("fog", "snow"), merged.grid().corruptions());
        assertEquals(new CorruptionCell("fog", 1, 100, 0.1), merged.grid().cells().get(0));
        assertEquals(0.9, merged.cleanAccuracy());
        assertEquals((0.1 + 0.2 + 0.3 + 0.4 + 0.5) / 5, merged.robustAccuracy().value());
        assertEquals(merged.robustAccuracy().value(), merged.extraAccuracy().value(), "snow, the extra, scores the same");
    }

    @Test
    void aMissingForeignOrRepeatedCellIsRefusedByName() {
        List<CorruptionCell> missing = everyCell();
        missing.remove(0);
        assertMessage("cell snow/s5 of the plan has no result", () -> PLAN.robustness(CLEAN, missing, List.of("fog")));
        List<CorruptionCell> foreign = everyCell();
        foreign.add(new CorruptionCell("frost", 1, 100, 0.5));
        assertMessage("cell frost/s1 is not part of the plan", () -> PLAN.robustness(CLEAN, foreign, List.of("fog")));
        List<CorruptionCell> twice = everyCell();
        twice.add(new CorruptionCell("fog", 2, 100, 0.5));
        assertMessage("cell fog/s2 is given twice", () -> PLAN.robustness(CLEAN, twice, List.of("fog")));
    }

    @Test
    void badCellsAndPlansAreRefused() {
        assertMessage("a cell is the clean images", () -> new Cell(null, 2));
        assertMessage("a cell is the clean images", () -> new Cell("fog", 0));
        assertMessage("a cell is the clean images", () -> new Cell("fog", 6));
        assertMessage("a cell is the clean images", () -> new Cell(" ", 1));
        assertMessage("each corruption may appear once", () -> new EvaluationPlan(List.of("fog", "fog")));
        assertMessage("must be non-blank", () -> new EvaluationPlan(List.of("fog", "")));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
