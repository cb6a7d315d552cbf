package io.cardeck.evaluator.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Queries and guarded updates of {@link Evaluation}s; callers hold the transaction. */
@ApplicationScoped
public class EvaluationRepository implements PanacheRepositoryBase<Evaluation, UUID> {

    /** Evaluations of {@code modelId}, newest first. */
    public List<Evaluation> ofModel(UUID modelId) {
        return list("modelId", Sort.descending("createdAt").and("id"), modelId);
    }

    /** Every evaluation, newest first. */
    public List<Evaluation> newestFirst() {
        return listAll(Sort.descending("createdAt").and("id"));
    }

    /** One evaluation with its cells loaded. */
    public Optional<Evaluation> withCells(UUID id) {
        return find("select e from Evaluation e left join fetch e.cells where e.id = ?1", id).singleResultOptional();
    }

    /**
     * The evaluation locked for update, if it is still RUNNING and held by {@code owner}: the guard of
     * every change a worker makes, so an instance that lost an evaluation to another changes nothing.
     */
    public Optional<Evaluation> lockIfHeld(UUID id, String owner) {
        Evaluation evaluation = findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (evaluation == null || evaluation.status != EvaluationStatus.RUNNING || !owner.equals(evaluation.owner)) {
            return Optional.empty();
        }
        return Optional.of(evaluation);
    }

    /**
     * RUNNING evaluations whose holder has not been heard of since {@code cutoff}, locked; rows another
     * instance is claiming at this moment are skipped rather than waited for.
     */
    @SuppressWarnings("unchecked")
    public List<Evaluation> lockStale(Instant cutoff) {
        List<UUID> ids = getEntityManager().createNativeQuery(
                        "SELECT id FROM evaluations WHERE status = 'RUNNING' AND heartbeat_at < ?1"
                                + " ORDER BY created_at FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter(1, cutoff)
                .getResultList();
        return ids.stream().map(this::findById).toList();
    }

    /** Marks the RUNNING evaluations among {@code ids} that {@code owner} holds as alive at {@code now}. */
    public int heartbeat(Collection<UUID> ids, String owner, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return update("heartbeatAt = :now where id in :ids and owner = :owner and status = :running",
                Parameters.with("now", now).and("ids", ids).and("owner", owner).and("running", EvaluationStatus.RUNNING));
    }
}
