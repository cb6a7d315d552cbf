package io.cardeck.gateway.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A prune request the gateway accepted and announced with {@code PruneRequested}; kept until the
 * pruner-service reports on the job, so that the job reads as PENDING meanwhile.
 */
@Entity
@Table(name = "prune_requests")
public class PruneRequest {

    /** The job id, chosen by the gateway. */
    @Id
    public UUID id;

    @Column(name = "model_id", nullable = false)
    public UUID modelId;

    @Column(nullable = false)
    public String method;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> params;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    protected PruneRequest() {
        // For Hibernate.
    }

    public PruneRequest(UUID id, UUID modelId, String method, Map<String, Object> params, Instant createdAt) {
        this.id = id;
        this.modelId = modelId;
        this.method = method;
        this.params = params;
        this.createdAt = createdAt;
    }
}
