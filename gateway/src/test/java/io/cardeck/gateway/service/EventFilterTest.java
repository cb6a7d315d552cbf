package io.cardeck.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.EvaluationFailed;
import io.cardeck.events.EvaluationProgressed;
import io.cardeck.events.PruneCancelled;
import io.cardeck.events.PruneFailed;
import io.cardeck.events.PruneProgressed;
import io.cardeck.events.PruneSucceeded;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    private static final String JOB = "6f1c2a8e-0000-4000-8000-000000000001";
    private static final String OTHER_JOB = "6f1c2a8e-0000-4000-8000-000000000002";
    private static final String PARENT = "6f1c2a8e-0000-4000-8000-0000000000a1";
    private static final String RESULT = "6f1c2a8e-0000-4000-8000-0000000000a2";
    private static final String OTHER_MODEL = "6f1c2a8e-0000-4000-8000-0000000000a3";

    @Test
    void noFilterPassesEverything() {
        EventFilter filter = EventFilter.of(null, null);
        for (CardeckEvent event : List.of(progressed(JOB), succeeded(OTHER_JOB, PARENT, RESULT), completed(OTHER_MODEL))) {
            assertTrue(filter.test(event), event.toString());
        }
    }

    @Test
    void aJobFilterFollowsTheJobIntoItsResultsEvaluation() {
        EventFilter filter = EventFilter.of(JOB, null);
        assertFalse(filter.test(completed(RESULT)), "before the job names its result, the model is not followed");
        assertTrue(filter.test(progressed(JOB)));
        assertFalse(filter.test(progressed(OTHER_JOB)));
        assertFalse(filter.test(succeeded(OTHER_JOB, PARENT, OTHER_MODEL)));
        assertTrue(filter.test(succeeded(JOB, PARENT, RESULT)));
        assertTrue(filter.test(new EvaluationProgressed(UUID.randomUUID(), Instant.now(), "e1", RESULT, 40)));
        assertTrue(filter.test(completed(RESULT)));
        assertTrue(filter.test(new EvaluationFailed(UUID.randomUUID(), Instant.now(), "e1", RESULT, "out of memory")));
        assertFalse(filter.test(completed(PARENT)), "the parent's evaluation is not the job's");
        assertFalse(filter.test(completed(OTHER_MODEL)), "another job's result is not followed");
    }

    @Test
    void aFailedJobPassesAndNamesNoModel() {
        EventFilter filter = EventFilter.of(JOB, null);
        assertTrue(filter.test(new PruneFailed(UUID.randomUUID(), Instant.now(), JOB, "sparsity too high")));
        assertFalse(filter.test(completed(RESULT)));
    }

    @Test
    void aCancelledJobPassesItsOwnFilterOnly() {
        PruneCancelled cancelled = new PruneCancelled(UUID.randomUUID(), Instant.now(), JOB, "fine-tuning: epoch 2/5");
        assertTrue(EventFilter.of(JOB, null).test(cancelled));
        assertFalse(EventFilter.of(OTHER_JOB, null).test(cancelled));
        assertFalse(EventFilter.of(null, PARENT).test(cancelled), "a cancellation names no model");
    }

    @Test
    void aModelFilterPassesEventsNamingTheModelInAnyRole() {
        EventFilter filter = EventFilter.of(null, PARENT);
        assertTrue(filter.test(succeeded(JOB, PARENT, RESULT)), "as parent");
        assertTrue(EventFilter.of(null, RESULT).test(succeeded(JOB, PARENT, RESULT)), "as result");
        assertTrue(filter.test(completed(PARENT)));
        assertFalse(filter.test(completed(OTHER_MODEL)));
        assertFalse(filter.test(progressed(JOB)), "progress names no model");
    }

    @Test
    void bothFiltersMustPass() {
        EventFilter filter = EventFilter.of(JOB, RESULT);
        assertFalse(filter.test(progressed(JOB)), "the job's progress names no model");
        assertTrue(filter.test(succeeded(JOB, PARENT, RESULT)));
        assertTrue(filter.test(completed(RESULT)));
        assertFalse(filter.test(succeeded(OTHER_JOB, PARENT, RESULT)), "the model, but another job");
    }

    @Test
    void filterValuesAreUuidsInAnyCase() {
        assertTrue(EventFilter.of(JOB.toUpperCase(), null).test(progressed(JOB)));
        assertTrue(EventFilter.of(JOB, null).test(progressed(JOB.toUpperCase())));
        InvalidInputException job = assertThrows(InvalidInputException.class, () -> EventFilter.of("job-1", null));
        assertTrue(job.getMessage().startsWith("jobId 'job-1' is not a UUID"), job.getMessage());
        InvalidInputException model = assertThrows(InvalidInputException.class, () -> EventFilter.of(null, ""));
        assertEquals("modelId is missing; expected a UUID such as 123e4567-e89b-12d3-a456-426614174000",
                model.getMessage());
    }

    private static PruneProgressed progressed(String job) {
        return new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 50, "pruning");
    }

    private static PruneSucceeded succeeded(String job, String parent, String result) {
        return new PruneSucceeded(UUID.randomUUID(), Instant.now(), job, parent, result);
    }

    private static EvaluationCompleted completed(String model) {
        return new EvaluationCompleted(UUID.randomUUID(), Instant.now(), "e-" + model, model, 0.9, 0.6, 0.02, 100, 50, 0.1);
    }
}
