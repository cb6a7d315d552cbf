package io.cardeck.pruner.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The ONNX bytes of a registered model, exactly as served (their SHA-256 is the model's). */
@Entity
@Table(name = "model_artifacts")
public class ModelArtifact extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public UUID modelId;

    @Column(nullable = false)
    public byte[] onnx;

    public static ModelArtifact of(UUID modelId, byte[] onnx) {
        ModelArtifact artifact = new ModelArtifact();
        artifact.modelId = modelId;
        artifact.onnx = onnx;
        return artifact;
    }
}
