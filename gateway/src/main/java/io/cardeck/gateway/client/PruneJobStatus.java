package io.cardeck.gateway.client;

/** Where a prune job is: accepted, running, done with a result model, or failed. */
public enum PruneJobStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED
}
