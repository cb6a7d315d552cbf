package io.cardeck.evaluator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SingleImageLatencyTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(7.0, SingleImageLatency.median(new long[] {9, 1, 7, 30, 2}));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(4.5, SingleImageLatency.median(new long[] {8, 1, 4, 5}));
    }

    @Test
    void medianLeavesTheMeasurementsInTheirOrder() {
        long[] runs = {3, 1, 2};
        SingleImageLatency.median(runs);
        assertEquals(3, runs[0]);
    }

    @Test
    void noRunsHaveNoMedian() {
        assertThrows(IllegalArgumentException.class, () -> SingleImageLatency.median(new long[0]));
    }
}
