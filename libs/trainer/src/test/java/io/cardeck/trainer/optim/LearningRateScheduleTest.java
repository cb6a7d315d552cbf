package io.cardeck.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constant() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(0.1);
        assertEquals(0.1, schedule.rate(0));
        assertEquals(0.1, schedule.rate(99.5));
    }

    @Test
    void stepDecayAtMilestones() {
        LearningRateSchedule schedule = LearningRateSchedule.step(0.1, 0.1, 3, 6);
        assertEquals(0.1, schedule.rate(0), 1e-15);
        assertEquals(0.1, schedule.rate(2.99), 1e-15);
        assertEquals(0.01, schedule.rate(3), 1e-15);
        assertEquals(0.01, schedule.rate(5.5), 1e-15);
        assertEquals(0.001, schedule.rate(6), 1e-15);
    }

    @Test
    void cosineToZeroOverTheRun() {
        LearningRateSchedule schedule = LearningRateSchedule.cosine(0.1, 10);
        assertEquals(0.1, schedule.rate(0), 1e-15);
        assertEquals(0.1 * (1 + Math.sqrt(0.5)) / 2, schedule.rate(2.5), 1e-15);
        assertEquals(0.05, schedule.rate(5), 1e-15);
        assertEquals(0, schedule.rate(10), 1e-15);
        assertEquals(0, schedule.rate(12), 1e-15);
    }

    @Test
    void linearWarmupScalesTheWrappedSchedule() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(0.1).withWarmup(2, 0.1);
        assertEquals(0.01, schedule.rate(0), 1e-15);
        assertEquals(0.055, schedule.rate(1), 1e-15);
        assertEquals(0.1, schedule.rate(2), 1e-15);
        assertEquals(0.1, schedule.rate(7), 1e-15);
        LearningRateSchedule cosine = LearningRateSchedule.cosine(0.2, 4).withWarmup(1, 0);
        assertEquals(0.5 * 0.2 * (1 + Math.cos(Math.PI * 0.5 / 4)) / 2, cosine.rate(0.5), 1e-15);
    }

    @Test
    void rewindingRestartsFromAnEpoch() {
        LearningRateSchedule original = LearningRateSchedule.step(0.1, 0.1, 5, 8);
        LearningRateSchedule rewound = original.rewound(4);
        assertEquals(0.1, rewound.rate(0), 1e-15);
        assertEquals(0.01, rewound.rate(1), 1e-15);
        assertEquals(0.001, rewound.rate(4), 1e-15);
        assertEquals(0.05, LearningRateSchedule.cosine(0.1, 10).rewound(5).rate(0), 1e-15);
    }

    @Test
    void invalidSchedulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0.1, 0.1, 5, 3));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0.1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0.1).withWarmup(1, 2));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0.1).rewound(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0.1).rate(-0.5));
    }
}
