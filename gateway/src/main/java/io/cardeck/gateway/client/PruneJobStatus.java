package io.cardeck.gateway.client;

/** Where a prune job is: accepted, running, done with a result model, failed, or cancelled on request. */
public enum PruneJobStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
}
