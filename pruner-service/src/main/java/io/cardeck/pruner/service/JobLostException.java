package io.cardeck.pruner.service;

import io.cardeck.pruner.repository.PruneJob.Lease;
import java.util.UUID;

/** This instance no longer runs the job (it was cancelled, or taken over after its lease expired): stop, store nothing. */
public final class JobLostException extends RuntimeException {

    private final Lease lease;

    public JobLostException(UUID jobId, Lease lease) {
        super("prune job " + jobId + (lease == Lease.CANCELLED ? " was cancelled" : " is no longer run by this instance"));
        this.lease = lease;
    }

    public Lease lease() {
        return lease;
    }
}
