package io.cardeck.gateway.client;

/** Where an evaluation is. */
public enum EvaluationStatus {
    RUNNING,
    SUCCEEDED,
    FAILED
}
