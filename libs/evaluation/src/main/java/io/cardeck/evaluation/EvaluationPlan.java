package io.cardeck.evaluation;

import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.metrics.ClassificationMetrics;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.metrics.CorruptionGrid;
import io.cardeck.metrics.RobustnessResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The cells of an evaluation: the clean images first, then each corruption at severities 1..5, the
 * corruptions in name order as {@link CorruptionSuite#corruptions()} lists them, so a plan made from
 * names before the suite exists and one made from the suite agree cell for cell. Cells may be computed apart (by different processes, in any order);
 * {@link #robustness} merges their results into exactly what one {@link Evaluator#evaluate} run gives,
 * because both build the grid in plan order from the same per-cell figures.
 */
public record EvaluationPlan(List<String> corruptions) {

    public EvaluationPlan {
        corruptions = corruptions.stream().sorted().toList();
        if (new HashSet<>(corruptions).size() != corruptions.size()) {
            throw new IllegalArgumentException("each corruption may appear once in a plan, got " + corruptions);
        }
        if (corruptions.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("corruption names must be non-blank, got " + corruptions);
        }
    }

    /** The clean images alone: an evaluation without a suite. */
    public static EvaluationPlan cleanOnly() {
        return new EvaluationPlan(List.of());
    }

    /** The clean images and every cell of {@code suite}. */
    public static EvaluationPlan of(CorruptionSuite suite) {
        return new EvaluationPlan(suite.corruptions());
    }

    /** Every cell, in plan order: {@link Cell#CLEAN} first. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>(1 + corruptions.size() * CorruptionSuite.SEVERITIES);
        cells.add(Cell.CLEAN);
        for (String corruption : corruptions) {
            for (int severity = CorruptionCell.MIN_SEVERITY; severity <= CorruptionCell.MAX_SEVERITY; severity++) {
                cells.add(new Cell(corruption, severity));
            }
        }
        return cells;
    }

    /**
     * The robustness figures of the whole evaluation from the clean images' metrics and one result per
     * corruption cell of the plan, given in any order.
     *
     * @throws IllegalArgumentException when a planned cell is missing, or a cell is not of the plan or given twice
     */
    public RobustnessResult robustness(ClassificationMetrics clean, Collection<CorruptionCell> cellResults,
                                       List<String> standardCorruptions) {
        Map<Cell, CorruptionCell> byCell = new HashMap<>();
        for (CorruptionCell result : cellResults) {
            Cell cell = new Cell(result.corruption(), result.severity());
            if (!corruptions.contains(result.corruption())) {
                throw new IllegalArgumentException("cell " + cell.key() + " is not part of the plan over " + corruptions);
            }
            if (byCell.put(cell, result) != null) {
                throw new IllegalArgumentException("cell " + cell.key() + " is given twice");
            }
        }
        List<CorruptionCell> inPlanOrder = new ArrayList<>();
        for (Cell cell : cells()) {
            if (cell.isClean()) {
                continue;
            }
            CorruptionCell result = byCell.get(cell);
            if (result == null) {
                throw new IllegalArgumentException("cell " + cell.key() + " of the plan has no result");
            }
            inPlanOrder.add(result);
        }
        return RobustnessResult.of(new CorruptionGrid(clean.accuracy(), clean.count(), inPlanOrder), standardCorruptions);
    }
}
