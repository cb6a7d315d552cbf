package io.cardeck.pruner.repository;

import io.quarkus.hibernate.orm.panache.Panache;
import java.util.UUID;

/** The {@code job_rounds} table: which model each finished round of an iterative job was registered as. */
public final class JobRound {

    private JobRound() {
    }

    /**
     * Claims round {@code round} of the job for {@code modelId}, to be inserted in the same
     * transaction; false if the round has its model already (a resumed run finished it again).
     */
    public static boolean claim(UUID jobId, int round, UUID modelId) {
        return Panache.getEntityManager().createNativeQuery(
                        "INSERT INTO job_rounds (job_id, round, model_id) VALUES (:job, :round, :model) "
                                + "ON CONFLICT (job_id, round) DO NOTHING")
                .setParameter("job", jobId)
                .setParameter("round", round)
                .setParameter("model", modelId)
                .executeUpdate() == 1;
    }
}
