package io.cardeck.pruning.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CubicSparsityScheduleTest {

    private final CubicSparsitySchedule schedule = new CubicSparsitySchedule(0.1, 0.9, 100, 1100, 50);

    @Test
    void followsZhuAndGuptasCubicFromInitialToTarget() {
        assertEquals(0.1, schedule.sparsityAt(0));
        assertEquals(0.1, schedule.sparsityAt(100));
        // Halfway: target + (initial - target) * 0.5^3.
        assertEquals(0.9 - 0.8 * 0.125, schedule.sparsityAt(600), 1e-12);
        assertEquals(0.9, schedule.sparsityAt(1100));
        assertEquals(0.9, schedule.sparsityAt(5000));
        for (long step = 101; step <= 1100; step++) {
            assertTrue(schedule.sparsityAt(step) > schedule.sparsityAt(step - 1), "rises at step " + step);
        }
    }

    @Test
    void prunesEveryIntervalInsideTheWindowAndAtItsEnd() {
        assertTrue(schedule.prunesAt(100));
        assertTrue(schedule.prunesAt(150));
        assertFalse(schedule.prunesAt(151));
        assertFalse(schedule.prunesAt(50));
        assertTrue(schedule.prunesAt(1100));
        assertFalse(schedule.prunesAt(1150));
        assertTrue(new CubicSparsitySchedule(0, 0.5, 0, 99, 10).prunesAt(99), "the end is a pruning step");
    }

    @Test
    void refusesSchedulesThatDoNotRise() {
        assertThrows(IllegalArgumentException.class, () -> new CubicSparsitySchedule(0.5, 0.5, 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new CubicSparsitySchedule(0, 0.5, 10, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new CubicSparsitySchedule(0, 0.5, 0, 10, 0));
    }
}
