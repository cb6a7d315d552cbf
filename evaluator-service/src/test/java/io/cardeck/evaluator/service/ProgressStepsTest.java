package io.cardeck.evaluator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressStepsTest {

    private static List<Integer> feed(ProgressSteps steps, long... batches) {
        List<Integer> reported = new ArrayList<>();
        for (long batch : batches) {
            steps.advance(batch).ifPresent(reported::add);
        }
        return reported;
    }

    @Test
    void reportsEachTenPercentOnceAndTheEnd() {
        // 9,100 images in batches of 128 (and a last partial one), as one clean set of 100 + 90 cells of 100.
        ProgressSteps steps = new ProgressSteps(9_100, 10);
        long[] batches = new long[72];
        Arrays.fill(batches, 128);
        batches[71] = 9_100 - 71 * 128;
        assertEquals(List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100), feed(steps, batches));
    }

    @Test
    void aBatchCrossingSeveralStepsReportsTheHighest() {
        ProgressSteps steps = new ProgressSteps(1_000, 10);
        assertEquals(List.of(30, 40, 100), feed(steps, 350, 100, 550));
    }

    @Test
    void stepsThatDoNotDivideAHundredStillEndAtAHundred() {
        ProgressSteps steps = new ProgressSteps(100, 30);
        assertEquals(List.of(30, 60, 90, 100), feed(steps, 29, 1, 30, 30, 10));
    }

    @Test
    void moreImagesThanPlannedStayAtAHundred() {
        ProgressSteps steps = new ProgressSteps(10, 50);
        assertEquals(List.of(100), feed(steps, 25, 5));
    }

    @Test
    void refusesAnEmptyPlanAndStepsOutsideAPercentage() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressSteps(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ProgressSteps(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProgressSteps(10, 101));
    }
}
