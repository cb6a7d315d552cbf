package io.cardeck.pruner.repository;

import io.cardeck.events.ModelOrigin;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A model in the registry: what it is and what it costs. Its ONNX bytes are a {@link ModelArtifact}. */
@Entity
@Table(name = "models")
public class RegisteredModel extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String dataset;

    /** Class names by output column. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> labels;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ModelOrigin origin;

    @Column(name = "parent_id")
    public UUID parentId;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    /** [C, H, W]: the input's dims after the batch dim. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "input_shape", nullable = false)
    public List<Long> inputShape;

    @Column(nullable = false)
    public long parameters;

    @Column(name = "non_zero_parameters", nullable = false)
    public long nonZeroParameters;

    /** Multiply-accumulates per sample. */
    @Column(nullable = false)
    public long macs;

    /** Null for a model without a recorded derivation. */
    @JdbcTypeCode(SqlTypes.JSON)
    public StoredLineage lineage;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The model card (Markdown); null for a model registered without one. */
    public String card;

    public static List<RegisteredModel> newestFirst() {
        return listAll(Sort.descending("createdAt").and("id", Sort.Direction.Descending));
    }
}
