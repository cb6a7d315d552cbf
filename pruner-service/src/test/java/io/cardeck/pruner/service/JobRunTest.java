package io.cardeck.pruner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.events.TrainingRecord;
import io.cardeck.pruner.repository.PruneJob.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobRunTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** The job's row as a run sees it: what was recorded, how often the lease was renewed, what it answers. */
    private static final class Ledger implements JobRun.Ledger {

        final List<String> recorded = new ArrayList<>();
        final List<TrainingRecord> training = new ArrayList<>();
        int renewals;
        Lease answer = Lease.HELD;
        RuntimeException failure;

        @Override
        public Lease record(double fraction, String stage, TrainingRecord record) {
            if (failure != null) {
                throw failure;
            }
            recorded.add(fraction + " " + stage);
            training.add(record);
            return answer;
        }

        @Override
        public Lease renew() {
            if (failure != null) {
                throw failure;
            }
            renewals++;
            return answer;
        }
    }

    private final Ledger ledger = new Ledger();
    private long now = 1_000_000_000_000L;
    private final JobRun run = new JobRun(UUID.randomUUID(), ledger, INTERVAL, HEARTBEAT, () -> now);

    @Test
    void reportsSoonerThanTheIntervalAreHeldBackAndTheLatestGoesOutOnceItHasPassed() {
        run.report(0, "started");
        advance(500);
        run.report(0.1, "epoch 1/3, batch 10/400");
        run.report(0.3, "epoch 1/3 done");
        run.tick();
        assertEquals(List.of("0.0 started"), ledger.recorded, "held back within the interval");
        advance(1500);
        run.tick();
        assertEquals(List.of("0.0 started", "0.3 epoch 1/3 done"), ledger.recorded, "the latest, once");
        run.tick();
        assertEquals(2, ledger.recorded.size());
        advance(2000);
        run.report(0.4, "epoch 2/3, batch 10/400");
        assertEquals("0.4 epoch 2/3, batch 10/400", ledger.recorded.get(2), "a report after the interval goes at once");
    }

    @Test
    void aMilestoneGoesOutAtOnceSoTheReportAfterItCannotReplaceIt() {
        run.report(0, "started");
        advance(100);
        run.report(0.4, "epoch 2/2, batch 10/400");
        run.milestone(0.5, "epoch 2/2 done");
        run.report(0.9, "writing the model");
        advance(2000);
        run.tick();
        assertEquals(List.of("0.0 started", "0.5 epoch 2/2 done", "0.9 writing the model"), ledger.recorded);
    }

    @Test
    void aTrainingRecordGoesWithItsReportAndIsReplacedWithIt() {
        TrainingRecord batch10 = TrainingRecord.batch("fine-tuning", null, 2, 2, 10, 400, 0.51, 0.82);
        TrainingRecord batch20 = TrainingRecord.batch("fine-tuning", null, 2, 2, 20, 400, 0.47, 0.83);
        TrainingRecord epoch2 = TrainingRecord.epochEnd("fine-tuning", null, 2, 2, 0.45, 0.84, 0.86);
        run.report(0, "started");
        advance(100);
        run.report(0.51, "epoch 2/2, batch 10/400", batch10);
        run.report(0.52, "epoch 2/2, batch 20/400", batch20);
        advance(2000);
        run.tick();
        run.milestone(1, "epoch 2/2 done", epoch2);
        run.report(1, "writing the model");
        advance(2000);
        run.tick();
        assertEquals(List.of("0.0 started", "0.52 epoch 2/2, batch 20/400", "1.0 epoch 2/2 done", "1.0 writing the model"),
                ledger.recorded);
        assertEquals(java.util.Arrays.asList(null, batch20, epoch2, null), ledger.training,
                "the held-back batch's record was replaced with its report; a report without one carries none");
    }

    @Test
    void withoutReportsTheLeaseIsRenewedEveryHeartbeat() {
        run.report(0.5, "training");
        advance(14_000);
        run.tick();
        assertEquals(0, ledger.renewals, "a report renewed it 14 s ago");
        advance(1000);
        run.tick();
        assertEquals(1, ledger.renewals);
        advance(1000);
        run.tick();
        assertEquals(1, ledger.renewals, "renewed a second ago");
    }

    @Test
    void aCancelledOrLostJobStopsTheRunAndNothingMoreIsSent() {
        ledger.answer = Lease.CANCELLED;
        run.report(0.2, "epoch 1/3");
        assertTrue(run.stopped());
        assertEquals(JobRun.Stop.CANCELLED, run.stopReason());
        advance(20_000);
        run.report(0.4, "epoch 2/3");
        run.tick();
        assertEquals(List.of("0.2 epoch 1/3"), ledger.recorded);
        assertEquals(0, ledger.renewals);

        Ledger other = new Ledger();
        JobRun taken = new JobRun(UUID.randomUUID(), other, INTERVAL, HEARTBEAT, () -> now);
        other.answer = Lease.LOST;
        advance(20_000);
        taken.tick();
        assertEquals(JobRun.Stop.LOST, taken.stopReason());
    }

    @Test
    void aFailedWriteIsNotTheMethodsProblemAndTheReportIsSentLater() {
        ledger.failure = new IllegalStateException("database unavailable");
        run.report(0.2, "epoch 1/3");
        assertFalse(run.stopped());
        assertNull(run.stopReason());
        ledger.failure = null;
        advance(2000);
        run.tick();
        assertEquals(List.of("0.2 epoch 1/3"), ledger.recorded);
    }

    @Test
    void theFirstStopReasonStaysAndFractionsAreKeptInRange() {
        run.stop(JobRun.Stop.SHUTDOWN);
        run.stop(JobRun.Stop.CANCELLED);
        assertEquals(JobRun.Stop.SHUTDOWN, run.stopReason());

        JobRun other = new JobRun(UUID.randomUUID(), ledger, INTERVAL, HEARTBEAT, () -> now);
        other.report(1.7, "overshoot");
        assertEquals(new JobRun.Position(1, "overshoot"), other.position());
        other.resumedAt(new JobRun.Position(0.4, "epoch 2/5 done"));
        advance(5000);
        other.tick();
        assertEquals(List.of("1.0 overshoot"), ledger.recorded, "a resume point was announced already");
    }

    private void advance(long millis) {
        now += millis * 1_000_000L;
    }
}
