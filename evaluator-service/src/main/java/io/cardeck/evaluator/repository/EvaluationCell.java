package io.cardeck.evaluator.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Accuracy of an evaluated model on one corruption at one severity (a row of {@code evaluation_cells}). */
@Embeddable
public class EvaluationCell {

    @Column(nullable = false)
    public String corruption;

    @Column(nullable = false)
    public int severity;

    @Column(nullable = false)
    public long count;

    @Column(nullable = false)
    public double accuracy;

    protected EvaluationCell() {
    }

    public EvaluationCell(String corruption, int severity, long count, double accuracy) {
        this.corruption = corruption;
        this.severity = severity;
        this.count = count;
        this.accuracy = accuracy;
    }
}
