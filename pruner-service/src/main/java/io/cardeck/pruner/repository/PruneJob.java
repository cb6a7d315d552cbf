package io.cardeck.pruner.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
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
 * A prune job. State changes are guarded SQL updates (they apply only from the states they leave
 * and, for a running job, only for the instance holding its lease, and say whether they applied),
 * so concurrent runs of one job cannot both move it; times are the database's clock, which all
 * instances share.
 */
@Entity
@Table(name = "prune_jobs")
public class PruneJob extends PanacheEntityBase {

    /** What a lease holder learns when it renews: whether it still holds the job, and if not, why. */
    public enum Lease {
        /** Renewed: the job runs here. */
        HELD,
        /** The job was cancelled: stop, store nothing. */
        CANCELLED,
        /** The job is no longer this instance's (its lease expired and another took it, or it finished). */
        LOST
    }

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

    /** The instance running the job; set exactly while it is RUNNING. */
    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    /** The latest progress report: fraction done, in [0, 1]. */
    @Column(nullable = false)
    public double progress;

    /** The latest progress report's words; null before the first. */
    public String stage;

    /** The checkpoint the latest run resumed from; null when it started from scratch. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "resumed_from")
    public ResumePoint resumedFrom;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Records a new job in {@code status} (PENDING, or CANCELLED for one cancelled before it arrived); false if the id exists. */
    public static boolean insert(UUID id, String modelId, String method, String paramsJson, PruneJobStatus status) {
        return getEntityManager().createNativeQuery(
                        "INSERT INTO prune_jobs (id, model_id, method, params, status) "
                                + "VALUES (:id, :model, :method, CAST(:params AS jsonb), :status) "
                                + "ON CONFLICT (id) DO NOTHING")
                .setParameter("id", id)
                .setParameter("model", modelId)
                .setParameter("method", method)
                .setParameter("params", paramsJson)
                .setParameter("status", status.name())
                .executeUpdate() == 1;
    }

    /**
     * Claims the oldest job a worker may take: a PENDING one, or a RUNNING one whose lease has
     * expired (its instance stopped). The job becomes RUNNING under {@code owner}'s lease and counts
     * the attempt. {@code SKIP LOCKED}: a job another instance is claiming at the same moment is
     * passed over, not taken twice.
     */
    public static Optional<UUID> claimNext(String owner, Duration lease) {
        @SuppressWarnings("unchecked")
        List<Object> ids = getEntityManager().createNativeQuery(
                        "SELECT id FROM prune_jobs WHERE status = 'PENDING' "
                                + "OR (status = 'RUNNING' AND lease_expires_at < now()) "
                                + "ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        UUID id = (UUID) ids.get(0);
        getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET status = 'RUNNING', attempts = attempts + 1, lease_owner = :owner, "
                                + "lease_expires_at = now() + " + interval(":lease") + ", resumed_from = NULL, "
                                + "updated_at = now() WHERE id = :id")
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setParameter("lease", seconds(lease))
                .executeUpdate();
        return Optional.of(id);
    }

    /** Extends {@code owner}'s lease on the job by {@code lease} from now. */
    public static Lease renew(UUID id, String owner, Duration lease) {
        int renewed = getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET lease_expires_at = now() + " + interval(":lease")
                                + " WHERE id = :id AND status = 'RUNNING' AND lease_owner = :owner")
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setParameter("lease", seconds(lease))
                .executeUpdate();
        return renewed == 1 ? Lease.HELD : lost(id);
    }

    /** Records a progress report and, as every report does, extends {@code owner}'s lease. */
    public static Lease progress(UUID id, String owner, Duration lease, double progress, String stage) {
        int renewed = getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET lease_expires_at = now() + " + interval(":lease")
                                + ", progress = :progress, stage = :stage, updated_at = now() "
                                + "WHERE id = :id AND status = 'RUNNING' AND lease_owner = :owner")
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setParameter("lease", seconds(lease))
                .setParameter("progress", progress)
                .setParameter("stage", stage)
                .executeUpdate();
        return renewed == 1 ? Lease.HELD : lost(id);
    }

    /** Records that {@code owner}'s run resumed from a checkpoint, at the checkpoint's progress. */
    public static boolean resumed(UUID id, String owner, String resumePointJson, double progress, String stage) {
        return getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET resumed_from = CAST(:point AS jsonb), progress = :progress, stage = :stage, "
                                + "updated_at = now() WHERE id = :id AND status = 'RUNNING' AND lease_owner = :owner")
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setParameter("point", resumePointJson)
                .setParameter("progress", progress)
                .setParameter("stage", stage)
                .executeUpdate() == 1;
    }

    /** Lets another instance claim the job at once ({@code owner} stops running it); false if it did not hold it. */
    public static boolean release(UUID id, String owner) {
        return getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET lease_expires_at = now() "
                                + "WHERE id = :id AND status = 'RUNNING' AND lease_owner = :owner")
                .setParameter("id", id)
                .setParameter("owner", owner)
                .executeUpdate() == 1;
    }

    /**
     * RUNNING under {@code owner}'s lease -> SUCCEEDED with its result: the guard that makes a
     * second run of the same job (after a crash, or on two instances) store nothing.
     */
    public static boolean succeed(UUID id, String owner, UUID resultModelId) {
        return getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET status = 'SUCCEEDED', result_model_id = :result, progress = 1, "
                                + "stage = 'stored', lease_owner = NULL, lease_expires_at = NULL, updated_at = now() "
                                + "WHERE id = :id AND status = 'RUNNING' AND lease_owner = :owner")
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setParameter("result", resultModelId)
                .executeUpdate() == 1;
    }

    /** RUNNING under {@code owner}'s lease -> FAILED with the reason. */
    public static boolean fail(UUID id, String owner, String error) {
        return getEntityManager().createNativeQuery(
                        "UPDATE prune_jobs SET status = 'FAILED', error = :error, lease_owner = NULL, "
                                + "lease_expires_at = NULL, updated_at = now() "
                                + "WHERE id = :id AND status = 'RUNNING' AND lease_owner = :owner")
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setParameter("error", error)
                .executeUpdate() == 1;
    }

    /** The job, locked until the transaction ends; empty if there is none. */
    public static Optional<PruneJob> lock(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** PENDING or RUNNING -> CANCELLED, on a job {@link #lock locked} by the caller; false if it had finished. */
    public boolean cancel() {
        if (status != PruneJobStatus.PENDING && status != PruneJobStatus.RUNNING) {
            return false;
        }
        status = PruneJobStatus.CANCELLED;
        leaseOwner = null;
        leaseExpiresAt = null;
        updatedAt = Instant.now();
        return true;
    }

    private static Lease lost(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object> status = getEntityManager().createNativeQuery("SELECT status FROM prune_jobs WHERE id = :id")
                .setParameter("id", id)
                .getResultList();
        return status.equals(List.of(PruneJobStatus.CANCELLED.name())) ? Lease.CANCELLED : Lease.LOST;
    }

    private static String interval(String parameter) {
        return "CAST(" + parameter + " AS double precision) * interval '1 second'";
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
