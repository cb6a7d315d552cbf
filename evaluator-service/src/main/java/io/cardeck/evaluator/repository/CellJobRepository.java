package io.cardeck.evaluator.repository;

import io.cardeck.outbox.RetentionRule;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims, leases and guarded updates of {@link CellJob}s; callers hold the transaction. Leases run by
 * the database's clock, so instances on machines whose clocks differ agree on when one has expired.
 */
@ApplicationScoped
public class CellJobRepository implements PanacheRepositoryBase<CellJob, UUID> {

    /**
     * The cells of evaluations that ended, by the evaluation's end: the merge copied what the API shows
     * into {@code evaluations} and {@code evaluation_cells}, so a cell is only a record of who computed it
     * and when. A RUNNING evaluation has no end and keeps its cells.
     */
    public static final RetentionRule RETENTION = new RetentionRule("cell-jobs", "cell_jobs", "completed_at",
            "evaluations.status IN ('SUCCEEDED', 'FAILED')", new RetentionRule.Reference("evaluations", "evaluation_id"));

    /** A cell of a RUNNING evaluation that nobody holds: never claimed, given back, or left by an instance that stopped. */
    private static final String CLAIMABLE = "e.status = 'RUNNING' AND (c.status = 'PENDING'"
            + " OR (c.status = 'RUNNING' AND c.lease_expires_at < now()))";

    /**
     * Claims the next claimable cell started fewer than {@code maxAttempts} times: of the oldest evaluation,
     * in plan order, so the instances work through one evaluation together. It becomes RUNNING under
     * {@code owner}'s lease and counts the attempt. {@code SKIP LOCKED}: a cell another instance is claiming
     * at this moment is passed over, never taken twice.
     */
    public Optional<UUID> claimNext(String owner, Duration lease, int maxAttempts, Instant now) {
        List<UUID> claimed = getEntityManager().createNativeQuery(
                        "WITH next AS (SELECT c.id FROM cell_jobs c JOIN evaluations e ON e.id = c.evaluation_id"
                                + " WHERE " + CLAIMABLE + " AND c.attempts < :max"
                                + " ORDER BY e.created_at, e.id, c.position LIMIT 1 FOR UPDATE OF c SKIP LOCKED)"
                                + " UPDATE cell_jobs c SET status = 'RUNNING', attempts = c.attempts + 1,"
                                + " lease_owner = :owner, lease_expires_at = now() + " + interval(":lease") + ","
                                + " started_at = :now FROM next WHERE c.id = next.id RETURNING c.id", UUID.class)
                .setParameter("max", maxAttempts)
                .setParameter("owner", owner)
                .setParameter("lease", seconds(lease))
                .setParameter("now", now)
                .getResultList();
        return claimed.stream().findFirst();
    }

    /**
     * Claimable cells started {@code maxAttempts} times already (each time their instance stopped before
     * storing them), locked: their evaluations are given up rather than started again.
     */
    public List<CellJob> lockExhausted(int maxAttempts) {
        List<UUID> ids = getEntityManager().createNativeQuery(
                        "SELECT c.id FROM cell_jobs c JOIN evaluations e ON e.id = c.evaluation_id WHERE " + CLAIMABLE
                                + " AND c.attempts >= :max ORDER BY e.created_at, c.position FOR UPDATE OF c SKIP LOCKED",
                        UUID.class)
                .setParameter("max", maxAttempts)
                .getResultList();
        return ids.stream().map(this::findById).toList();
    }

    /** The cell locked for update if {@code owner} holds it (RUNNING under its lease): the guard of storing and failing. */
    public Optional<CellJob> lockIfHeld(UUID id, String owner) {
        CellJob cell = findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (cell == null || cell.status != CellStatus.RUNNING || !owner.equals(cell.leaseOwner)) {
            return Optional.empty();
        }
        return Optional.of(cell);
    }

    /** Extends {@code owner}'s leases on the cells among {@code ids} it still holds; returns how many. */
    public int renew(Collection<UUID> ids, String owner, Duration lease) {
        if (ids.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery(
                        "UPDATE cell_jobs SET lease_expires_at = now() + " + interval(":lease")
                                + " WHERE id IN (:ids) AND status = 'RUNNING' AND lease_owner = :owner")
                .setParameter("ids", ids)
                .setParameter("owner", owner)
                .setParameter("lease", seconds(lease))
                .executeUpdate();
    }

    /**
     * Gives every cell {@code owner} holds back, PENDING for the next instance that looks (a stopping
     * instance); the claim is not counted as an attempt, since the instance did not die on the cell.
     */
    public int releaseAll(String owner) {
        return getEntityManager().createNativeQuery(
                        "UPDATE cell_jobs SET status = 'PENDING', lease_owner = NULL, lease_expires_at = NULL,"
                                + " attempts = attempts - 1 WHERE status = 'RUNNING' AND lease_owner = :owner")
                .setParameter("owner", owner)
                .executeUpdate();
    }

    /** Cells of {@code evaluationId} not stored yet. */
    public long open(UUID evaluationId) {
        return count("evaluationId = ?1 and status != ?2", evaluationId, CellStatus.DONE);
    }

    /** Cells of {@code evaluationId}, in plan order. */
    public List<CellJob> ofEvaluation(UUID evaluationId) {
        return list("evaluationId", Sort.ascending("position"), evaluationId);
    }

    /** Cells of RUNNING evaluations not stored yet, waiting for an instance or being computed: the work left. */
    public long pending() {
        return ((Number) getEntityManager().createNativeQuery(
                        "SELECT count(*) FROM cell_jobs c JOIN evaluations e ON e.id = c.evaluation_id"
                                + " WHERE e.status = 'RUNNING' AND c.status <> 'DONE'")
                .getSingleResult()).longValue();
    }

    private static String interval(String parameter) {
        return "CAST(" + parameter + " AS double precision) * interval '1 second'";
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
