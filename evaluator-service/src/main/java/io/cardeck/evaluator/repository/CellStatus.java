package io.cardeck.evaluator.repository;

/** The states of one cell of an evaluation: waiting for an instance, held by one under a lease, stored. */
public enum CellStatus {
    PENDING,
    RUNNING,
    DONE
}
