package io.cardeck.evaluator.repository;

/** The states of an evaluation job: created RUNNING, then exactly one final state. */
public enum EvaluationStatus {
    RUNNING,
    SUCCEEDED,
    FAILED
}
