package io.cardeck.pruner.service;

import io.cardeck.events.TrainingRecord;
import io.cardeck.pruner.repository.PruneJob.Lease;
import io.cardeck.pruning.JobProgress;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * One run of a claimed job in this instance: the progress sink a method reports to, and whether
 * the run must stop. Every report the job's ledger takes renews the lease. A report that comes
 * sooner than the progress interval after the last one sent is held back, and sent once the
 * interval has passed (by the next report or by {@link #tick}) unless a newer one replaces it
 * first, so a method may report as often as it likes and the last report of a burst (an epoch's
 * end) still goes out; a {@link #milestone} goes out at once. A report's training record goes (and
 * is replaced) with it. Without reports, {@link #tick} renews the lease every heartbeat. When the
 * ledger says the job is no longer held (cancelled, or taken over), the run is marked stopped,
 * which the method sees through the context's {@code cancelled} check.
 */
final class JobRun implements JobProgress {

    /** Why a run stops before its method returns. */
    enum Stop {
        /** The job was cancelled. */
        CANCELLED,
        /** Another instance runs the job now (this one's lease expired). */
        LOST,
        /** This instance is shutting down; the job is left for another run. */
        SHUTDOWN
    }

    /** Where a run's reports and lease renewals go (the job's row). */
    interface Ledger {

        /** @param training where the job's training run stands; null when the report has none */
        Lease record(double fraction, String stage, TrainingRecord training);

        Lease renew();
    }

    /** The latest report: fraction done and what is happening. */
    record Position(double fraction, String stage) {
    }

    private static final Logger LOG = Logger.getLogger(JobRun.class);

    private final UUID jobId;
    private final Ledger ledger;
    private final long intervalNanos;
    private final long heartbeatNanos;
    private final LongSupplier nanoTime;
    private volatile Stop stop;
    private Position latest;
    private TrainingRecord latestTraining;
    private boolean unsent;
    private long sentAt;
    private long renewedAt;

    JobRun(UUID jobId, Ledger ledger, Duration progressInterval, Duration heartbeat, LongSupplier nanoTime) {
        this.jobId = jobId;
        this.latest = new Position(0, "claimed");
        this.ledger = ledger;
        this.intervalNanos = progressInterval.toNanos();
        this.heartbeatNanos = heartbeat.toNanos();
        this.nanoTime = nanoTime;
        this.renewedAt = nanoTime.getAsLong();
        // The first report goes out at once.
        this.sentAt = renewedAt - intervalNanos;
    }

    UUID jobId() {
        return jobId;
    }

    @Override
    public void report(double fraction, String message) {
        report(fraction, message, null);
    }

    @Override
    public void milestone(double fraction, String message) {
        milestone(fraction, message, null);
    }

    @Override
    public synchronized void report(double fraction, String message, TrainingRecord training) {
        latest = new Position(Math.max(0, Math.min(1, fraction)), message);
        latestTraining = training;
        unsent = true;
        if (nanoTime.getAsLong() - sentAt >= intervalNanos) {
            send();
        }
    }

    @Override
    public synchronized void milestone(double fraction, String message, TrainingRecord training) {
        report(fraction, message, training);
        if (unsent) {
            send();
        }
    }

    /**
     * Called every progress interval: sends a report held back for the interval, or renews the
     * lease when nothing has renewed it for a heartbeat.
     */
    synchronized void tick() {
        long now = nanoTime.getAsLong();
        if (stop != null) {
            return;
        }
        if (unsent && now - sentAt >= intervalNanos) {
            send();
        } else if (now - renewedAt >= heartbeatNanos) {
            try {
                follow(ledger.renew());
                renewedAt = now;
            } catch (RuntimeException e) {
                LOG.warnf("cannot renew the lease of prune job %s (%s); trying again", jobId, e.getMessage());
            }
        }
    }

    /** The run continues from a checkpoint, at the position recorded with it (already announced). */
    synchronized void resumedAt(Position checkpoint) {
        latest = checkpoint;
        latestTraining = null;
        unsent = false;
    }

    /** Where the run is: what a checkpoint saved now records. */
    synchronized Position position() {
        return latest;
    }

    void stop(Stop reason) {
        if (stop == null) {
            stop = reason;
        }
    }

    boolean stopped() {
        return stop != null;
    }

    /** Why the run stopped; null while it runs. */
    Stop stopReason() {
        return stop;
    }

    /** Marks the run stopped if the ledger says the job is no longer this run's. */
    void follow(Lease lease) {
        if (lease == Lease.CANCELLED) {
            stop(Stop.CANCELLED);
        } else if (lease == Lease.LOST) {
            stop(Stop.LOST);
        }
    }

    private void send() {
        if (stop != null) {
            return;
        }
        try {
            // A failed write keeps the report for the next try: the database is not the method's problem.
            follow(ledger.record(latest.fraction(), latest.stage(), latestTraining));
            unsent = false;
            sentAt = nanoTime.getAsLong();
            renewedAt = sentAt;
        } catch (RuntimeException e) {
            LOG.warnf("cannot record the progress of prune job %s (%s); trying again", jobId, e.getMessage());
        }
    }
}
