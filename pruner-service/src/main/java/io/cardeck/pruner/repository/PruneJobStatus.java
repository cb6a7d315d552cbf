package io.cardeck.pruner.repository;

/** A prune job's state: PENDING -> RUNNING -> SUCCEEDED | FAILED, or CANCELLED from either of the first two; the last three are final. */
public enum PruneJobStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
}
