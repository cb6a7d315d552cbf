package io.cardeck.pruner.service;

import io.cardeck.pruner.repository.PruneJob.Lease;
import io.cardeck.pruning.JobProgress;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * One run of a claimed job in this instance: the progress sink a method reports to, and whether
 * the run must stop. Every report the job's ledger takes renews the lease; reports closer together
 * than the progress interval are held back (the latest is kept) and sent by the next report after
 * the interval or by the heartbeat, so a method may report as often as it likes. When the ledger
 * says the job is no longer held (cancelled, or taken over), the run is marked stopped, which the
 * method sees through the context's {@code cancelled} check.
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

        Lease record(double fraction, String stage);

        Lease renew();
    }

    /** The latest report: fraction done and what is happening. */
    record Position(double fraction, String stage) {
    }

    private static final Logger LOG = Logger.getLogger(JobRun.class);

    private final UUID jobId;
    private final Ledger ledger;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private volatile Stop stop;
    private Position latest;
    private boolean unsent;
    private long sentAt;

    JobRun(UUID jobId, Position start, Ledger ledger, Duration progressInterval, LongSupplier nanoTime) {
        this.jobId = jobId;
        this.latest = start;
        this.ledger = ledger;
        this.intervalNanos = progressInterval.toNanos();
        this.nanoTime = nanoTime;
        this.sentAt = nanoTime.getAsLong();
    }

    UUID jobId() {
        return jobId;
    }

    @Override
    public synchronized void report(double fraction, String message) {
        latest = new Position(Math.max(0, Math.min(1, fraction)), message);
        unsent = true;
        if (nanoTime.getAsLong() - sentAt >= intervalNanos) {
            send();
        }
    }

    /** The heartbeat: sends a report held back, or else renews the lease. */
    synchronized void heartbeat() {
        if (stop != null) {
            return;
        }
        if (unsent) {
            send();
            return;
        }
        try {
            follow(ledger.renew());
        } catch (RuntimeException e) {
            LOG.warnf("cannot renew the lease of prune job %s (%s); trying again at the next heartbeat", jobId, e.getMessage());
        }
    }

    /** The run continues from a checkpoint, at the position recorded with it (already announced). */
    synchronized void resumedAt(Position checkpoint) {
        latest = checkpoint;
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
            follow(ledger.record(latest.fraction(), latest.stage()));
            unsent = false;
            sentAt = nanoTime.getAsLong();
        } catch (RuntimeException e) {
            LOG.warnf("cannot record the progress of prune job %s (%s); trying again at the next heartbeat", jobId,
                    e.getMessage());
        }
    }
}
