package io.cardeck.pruner.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A prune job. State changes are guarded SQL updates (they apply only from the states they leave,
 * and say whether they applied), so concurrent runs of one job cannot both move it; times are the
 * database's clock, which all instances share.
 */
@Entity
@Table(name = "prune_jobs")
public class PruneJob extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The model to prune, as requested (it may name no model). */
    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(nullable = false)
    public String method;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> params;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PruneJobStatus status;

    @Column(name = "result_model_id")
    public UUID resultModelId;

    public String error;

    /** Runs started: 1 for a job that ran once, more for one run again after its instance stopped. */
    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Records a new PENDING job; false if a job with this id exists already. */
    public static boolean insertPending(UUID id, String modelId, String method, String paramsJson) {
        return getEntityManager().createNativeQuery(
                        "INSERT INTO prune_jobs (id, model_id, method, params, status) "
                                + "VALUES (:id, :model, :method, CAST(:params AS jsonb), 'PENDING') "
                                + "ON CONFLICT (id) DO NOTHING")
                .setParameter("id", id)
                .setParameter("model", modelId)
                .setParameter("method", method)
                .setParameter("params", paramsJson)
                .executeUpdate() == 1;
    }

    /** PENDING -> RUNNING; false if the job is not PENDING. */
    public static boolean start(UUID id) {
        return getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET status = 'RUNNING', attempts = attempts + 1, updated_at = now() "
                                + "WHERE id = :id AND status = 'PENDING'")
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    /**
     * Takes over the oldest PENDING or RUNNING job not updated for {@code staleAfter}: marks it
     * RUNNING again, counts the attempt and refreshes its time. {@code SKIP LOCKED}: a job another
     * instance is taking over at the same moment is passed over, not taken twice.
     */
    public static Optional<UUID> claimAbandoned(Duration staleAfter) {
        @SuppressWarnings("unchecked")
        List<Object> ids = getEntityManager().createNativeQuery(
                        "SELECT id FROM prune_jobs WHERE status IN ('PENDING', 'RUNNING') "
                                + "AND updated_at < now() - CAST(:seconds AS double precision) * interval '1 second' "
                                + "ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .setParameter("seconds", staleAfter.toMillis() / 1000.0)
                .getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        UUID id = (UUID) ids.get(0);
        getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET status = 'RUNNING', attempts = attempts + 1, updated_at = now() WHERE id = :id")
                .setParameter("id", id)
                .executeUpdate();
        return Optional.of(id);
    }

    /** Refreshes a RUNNING job's time (a heartbeat for the recovery sweep); false if it is not RUNNING. */
    public static boolean touchRunning(UUID id) {
        return getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET updated_at = now() WHERE id = :id AND status = 'RUNNING'")
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    /**
     * -> SUCCEEDED with its result, unless the job already finished: the guard that makes a second
     * run of the same job (after a crash, or on two instances) store nothing.
     */
    public static boolean succeed(UUID id, UUID resultModelId) {
        return getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET status = 'SUCCEEDED', result_model_id = :result, updated_at = now() "
                                + "WHERE id = :id AND status NOT IN ('SUCCEEDED', 'FAILED')")
                .setParameter("id", id)
                .setParameter("result", resultModelId)
                .executeUpdate() == 1;
    }

    /** -> FAILED with the reason, unless the job already finished. */
    public static boolean fail(UUID id, String error) {
        return getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET status = 'FAILED', error = :error, updated_at = now() "
                                + "WHERE id = :id AND status NOT IN ('SUCCEEDED', 'FAILED')")
                .setParameter("id", id)
                .setParameter("error", error)
                .executeUpdate() == 1;
    }
}
