package io.cardeck.ensemble.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The latest evaluation result of a model (table {@code model_facts}), from EvaluationCompleted events. */
@Entity
@Table(name = "model_facts")
public class ModelFacts extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public UUID modelId;

    @Column(name = "evaluation_id", nullable = false)
    public String evaluationId;

    @Column(name = "clean_accuracy", nullable = false)
    public double cleanAccuracy;

    @Column(name = "robust_accuracy")
    public Double robustAccuracy;

    @Column(name = "completed_at", nullable = false)
    public Instant completedAt;
}
