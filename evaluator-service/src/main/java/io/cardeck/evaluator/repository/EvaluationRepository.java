package io.cardeck.evaluator.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
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
     * The evaluation locked for update if it is still RUNNING: held while a cell's result is stored, so
     * the stores of one evaluation's cells follow each other and exactly one of them sees the last cell done.
     */
    public Optional<Evaluation> lockIfRunning(UUID id) {
        Evaluation evaluation = findById(id, LockModeType.PESSIMISTIC_WRITE);
        return evaluation == null || evaluation.status != EvaluationStatus.RUNNING ? Optional.empty() : Optional.of(evaluation);
    }

    /**
     * The oldest RUNNING evaluation without cells (one accepted before evaluations were split into cells),
     * locked; one another instance is planning at this moment is skipped rather than waited for.
     */
    public Optional<Evaluation> lockUnplanned() {
        List<UUID> ids = getEntityManager().createNativeQuery(
                        "SELECT id FROM evaluations e WHERE status = 'RUNNING' AND NOT EXISTS"
                                + " (SELECT 1 FROM cell_jobs c WHERE c.evaluation_id = e.id)"
                                + " ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED", UUID.class)
                .getResultList();
        return ids.stream().findFirst().map(this::findById);
    }
}
