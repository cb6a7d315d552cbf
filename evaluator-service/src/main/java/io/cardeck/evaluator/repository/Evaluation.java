package io.cardeck.evaluator.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One evaluation of one model (table {@code evaluations}). While RUNNING, instances compute its cells
 * ({@link CellJob}); the results are null until SUCCEEDED, {@link #error} until FAILED.
 */
@Entity
@Table(name = "evaluations")
public class Evaluation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "model_id", nullable = false)
    public UUID modelId;

    @Column(name = "model_sha256", nullable = false)
    public String modelSha256;

    @Column(name = "model_ready_event_id", nullable = false, unique = true)
    public UUID modelReadyEventId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EvaluationStatus status;

    @Column(nullable = false)
    public String dataset;

    /** Configured images per cell while RUNNING; the images actually used once SUCCEEDED. */
    @Column(name = "samples_per_cell", nullable = false)
    public int samplesPerCell;

    @Column(name = "suite_id")
    public UUID suiteId;

    @Column(name = "clean_accuracy")
    public Double cleanAccuracy;

    @Column(name = "robust_accuracy")
    public Double robustAccuracy;

    @Column(name = "extra_accuracy")
    public Double extraAccuracy;

    @Column(name = "expected_calibration_error")
    public Double expectedCalibrationError;

    @Column(name = "mean_negative_log_likelihood")
    public Double meanNegativeLogLikelihood;

    /** The clean images' reliability diagram, bin by bin; null until SUCCEEDED and for evaluations stored without it. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "calibration_bins")
    public List<StoredCalibrationBin> calibrationBins;

    public Long parameters;

    @Column(name = "non_zero_parameters")
    public Long nonZeroParameters;

    @Column(name = "latency_millis_per_image")
    public Double latencyMillisPerImage;

    @Column(name = "images_per_second")
    public Double imagesPerSecond;

    public String error;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @ElementCollection
    @CollectionTable(name = "evaluation_cells", joinColumns = @JoinColumn(name = "evaluation_id"))
    @OrderBy("corruption ASC, severity ASC")
    public List<EvaluationCell> cells = new ArrayList<>();
}
