package io.cardeck.evaluator.repository;

import io.cardeck.evaluation.Cell;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

/**
 * One cell of an evaluation as a job that evaluator instances claim (table {@code cell_jobs}). While
 * RUNNING, {@link #leaseOwner} computes it until {@link #leaseExpiresAt} (by the database's clock);
 * the figures are null until DONE, and the clean cell's further figures stay null on the other cells.
 */
@Entity
@Table(name = "cell_jobs")
public class CellJob extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "evaluation_id", nullable = false)
    public UUID evaluationId;

    @Column(nullable = false)
    public int position;

    public String corruption;

    @Column(nullable = false)
    public int severity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CellStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "computed_by")
    public String computedBy;

    @Column(name = "suite_id")
    public UUID suiteId;

    public Long images;

    public Long correct;

    public Double accuracy;

    @Column(name = "mean_negative_log_likelihood")
    public Double meanNegativeLogLikelihood;

    @Column(name = "expected_calibration_error")
    public Double expectedCalibrationError;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "calibration_bins")
    public List<StoredCalibrationBin> calibrationBins;

    public Long parameters;

    @Column(name = "non_zero_parameters")
    public Long nonZeroParameters;

    @Column(name = "latency_millis_per_image")
    public Double latencyMillisPerImage;

    /** A PENDING cell of {@code evaluationId}'s plan at {@code position}. */
    public static CellJob pending(UUID evaluationId, int position, Cell cell) {
        CellJob job = new CellJob();
        job.id = UUID.randomUUID();
        job.evaluationId = evaluationId;
        job.position = position;
        job.corruption = cell.corruption();
        job.severity = cell.severity();
        job.status = CellStatus.PENDING;
        return job;
    }

    public Cell cell() {
        return new Cell(corruption, severity);
    }
}
