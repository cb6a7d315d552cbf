package io.cardeck.evaluator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProgressStepsTest {

    /** What is reported as each of the cells is stored, one after another. */
    private static List<Integer> reports(ProgressSteps steps) {
        List<Integer> reported = new ArrayList<>();
        LongStream.rangeClosed(1, steps.total()).forEach(done -> steps.reachedBy(done).ifPresent(reported::add));
        return reported;
    }

    @Test
    void reportsEachTenPercentOnceAndTheEnd() {
        // The clean images and 18 corruptions x 5 severities of a gray dataset.
        assertEquals(List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100), reports(new ProgressSteps(91, 10)));
    }

    @Test
    void fewerCellsThanStepsReportTheHighestStepEachReaches() {
        assertEquals(List.of(30, 60, 100), reports(new ProgressSteps(3, 10)));
        assertEquals(List.of(100), reports(new ProgressSteps(1, 10)));
    }

    @Test
    void stepsThatDoNotDivideAHundredStillEndAtAHundred() {
        assertEquals(List.of(30, 60, 90, 100), reports(new ProgressSteps(100, 30)));
    }

    @Test
    void refusesAnEmptyPlanStepsOutsideAPercentageAndCountsOutsideThePlan() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressSteps(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ProgressSteps(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProgressSteps(10, 101));
        assertThrows(IllegalArgumentException.class, () -> new ProgressSteps(10, 10).reachedBy(0));
        assertThrows(IllegalArgumentException.class, () -> new ProgressSteps(10, 10).reachedBy(11));
    }
}
