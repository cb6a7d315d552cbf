package io.cardeck.pruner.repository;

/** A prune job's state: PENDING -> RUNNING -> SUCCEEDED | FAILED; the last two are final. */
public enum PruneJobStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED
}
