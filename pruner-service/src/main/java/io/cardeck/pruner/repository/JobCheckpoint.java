package io.cardeck.pruner.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The latest complete checkpoint of a running job: its work directory as a zip archive, in the
 * database because that is what every instance shares (compose, Kubernetes), so any instance can
 * resume the job from it.
 */
@Entity
@Table(name = "job_checkpoints")
public class JobCheckpoint extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Column(nullable = false)
    public byte[] archive;

    @Column(nullable = false)
    public String sha256;

    /** The job's progress when the checkpoint was saved, in [0, 1]. */
    @Column(nullable = false)
    public double progress;

    @Column(nullable = false)
    public String stage;

    @Column(name = "saved_by", nullable = false)
    public String savedBy;

    @Column(name = "saved_at", nullable = false)
    public Instant savedAt;

    /**
     * Replaces the job's checkpoint, if {@code owner} still runs the job: a run that lost its lease
     * must not overwrite the checkpoint of the run that took over.
     *
     * @return false, with nothing written, if {@code owner} does not hold the job
     */
    public static boolean save(UUID jobId, String owner, byte[] archive, String sha256, double progress, String stage) {
        return getEntityManager().createNativeQuery(
                        "INSERT INTO job_checkpoints (job_id, archive, sha256, progress, stage, saved_by, saved_at) "
                                + "SELECT id, :archive, :sha256, :progress, :stage, :owner, now() FROM prune_jobs "
                                + "WHERE id = :id AND status = 'RUNNING' AND lease_owner = :owner "
                                + "ON CONFLICT (job_id) DO UPDATE SET archive = EXCLUDED.archive, sha256 = EXCLUDED.sha256, "
                                + "progress = EXCLUDED.progress, stage = EXCLUDED.stage, saved_by = EXCLUDED.saved_by, "
                                + "saved_at = EXCLUDED.saved_at")
                .setParameter("id", jobId)
                .setParameter("owner", owner)
                .setParameter("archive", archive)
                .setParameter("sha256", sha256)
                .setParameter("progress", progress)
                .setParameter("stage", stage)
                .executeUpdate() == 1;
    }

    /** Removes the job's checkpoint (the job ended). */
    public static void discard(UUID jobId) {
        getEntityManager().createNativeQuery("DELETE FROM job_checkpoints WHERE job_id = :id")
                .setParameter("id", jobId)
                .executeUpdate();
    }
}
