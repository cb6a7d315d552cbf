package io.cardeck.evaluator.service;

import io.cardeck.data.suite.SuiteManifest;
import io.cardeck.evaluation.Cell;
import io.cardeck.evaluation.EvaluationPlan;
import io.cardeck.evaluator.config.EvaluatorConfig;
import io.cardeck.evaluator.repository.CellJob;
import io.cardeck.evaluator.repository.CellJobRepository;
import io.cardeck.evaluator.repository.CellStatus;
import io.cardeck.evaluator.repository.Evaluation;
import io.cardeck.evaluator.repository.EvaluationCell;
import io.cardeck.evaluator.repository.EvaluationRepository;
import io.cardeck.evaluator.repository.EvaluationStatus;
import io.cardeck.evaluator.repository.StoredCalibrationBin;
import io.cardeck.evaluator.repository.SuiteRecords;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.EvaluationFailed;
import io.cardeck.events.EvaluationProgressed;
import io.cardeck.events.ModelReady;
import io.cardeck.metrics.CalibrationBin;
import io.cardeck.metrics.ClassificationMetrics;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.metrics.RobustnessResult;
import io.cardeck.outbox.quarkus.EventOutbox;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The evaluations and their cells in the database. An evaluation is split into cells when it is
 * accepted; instances claim cells under a lease, and every change a worker makes to a cell is guarded
 * by that worker's instance holding it. The transaction that stores an evaluation's last cell merges the
 * cells into the evaluation's figures; each event is written to the outbox in its change's transaction.
 */
@ApplicationScoped
public class EvaluationService {

    private static final Logger LOG = Logger.getLogger(EvaluationService.class);
    private static final List<String> STANDARD = Corruptions.standard().stream().map(Corruption::name).toList();

    /** What became of a computed cell. */
    public enum Stored {
        /** Another instance holds the cell now (this one was thought dead), or it was given back: nothing stored. */
        DROPPED,
        STORED,
        /** Stored as the evaluation's last cell: the evaluation is SUCCEEDED and announced. */
        COMPLETED
    }

    private final EvaluationRepository evaluations;
    private final CellJobRepository cells;
    private final SuiteRecords suites;
    private final SuiteStore suiteStore;
    private final EventOutbox outbox;
    private final EvaluatorConfig config;
    private final MeterRegistry meters;

    EvaluationService(EvaluationRepository evaluations, CellJobRepository cells, SuiteRecords suites, SuiteStore suiteStore,
                      EventOutbox outbox, EvaluatorConfig config, MeterRegistry meters) {
        this.evaluations = evaluations;
        this.cells = cells;
        this.suites = suites;
        this.suiteStore = suiteStore;
        this.outbox = outbox;
        this.config = config;
        this.meters = meters;
    }

    /**
     * Creates the RUNNING evaluation a ModelReady asks for, split into its PENDING cells (FAILED at once
     * when its dataset has no suite here); empty when the event was applied before (a redelivery).
     *
     * @throws IllegalArgumentException when the model id is not a UUID (the registry's ids are): a poison message
     */
    @Transactional
    public Optional<UUID> accept(ModelReady event) {
        UUID modelId = IdText.parse(event.modelId(), "a model");
        if (!outbox.firstDelivery(event.eventId())) {
            LOG.infof("ModelReady %s for model %s was applied before; skipped", event.eventId(), modelId);
            return Optional.empty();
        }
        Evaluation evaluation = new Evaluation();
        evaluation.id = UUID.randomUUID();
        evaluation.modelId = modelId;
        evaluation.modelSha256 = event.sha256();
        evaluation.modelReadyEventId = event.eventId();
        evaluation.status = EvaluationStatus.RUNNING;
        evaluation.dataset = event.dataset();
        evaluation.samplesPerCell = config.samplesPerCell();
        evaluation.createdAt = Instant.now();
        evaluations.persist(evaluation);
        plan(evaluation);
        return Optional.of(evaluation.id);
    }

    /**
     * Claims the next cell for {@code owner}: of the oldest RUNNING evaluation, a cell nobody holds (new,
     * given back, or left by an instance whose lease expired). On the way, evaluations whose cell was
     * started {@code max-attempts} times are failed, and an evaluation accepted before evaluations had
     * cells is split into them.
     */
    @Transactional
    public Optional<CellTask> claim(String owner) {
        EvaluatorConfig.Cells settings = config.cells();
        for (CellJob exhausted : cells.lockExhausted(settings.maxAttempts())) {
            String lastOwner = exhausted.leaseOwner;
            exhausted.status = CellStatus.PENDING;
            exhausted.leaseOwner = null;
            exhausted.leaseExpiresAt = null;
            evaluations.lockIfRunning(exhausted.evaluationId).ifPresent(evaluation -> markFailed(evaluation, "gave up after "
                    + exhausted.attempts + " attempts: the instances evaluating cell " + exhausted.cell().key()
                    + " stopped each time before finishing (last: " + lastOwner + ")"));
        }
        evaluations.lockUnplanned().ifPresent(this::plan);
        return cells.claimNext(owner, settings.lease(), settings.maxAttempts(), Instant.now()).map(id -> {
            CellJob cell = cells.findById(id);
            Evaluation evaluation = evaluations.findById(cell.evaluationId);
            return new CellTask(cell.id, cell.cell(), cell.attempts, evaluation.id, evaluation.modelId,
                    evaluation.modelSha256, evaluation.dataset, evaluation.samplesPerCell);
        });
    }

    /** Records where the suite a cell was computed on lies; returns its id. */
    @Transactional
    public UUID recordSuite(String host, Path directory, SuiteManifest manifest) {
        return suites.record(host, directory, manifest);
    }

    /**
     * Stores a cell's result if {@code owner} still holds the cell, and announces the progress it makes; the
     * store of the evaluation's last cell also merges every cell into the evaluation's figures, moves it to
     * SUCCEEDED and announces it, in the same transaction, so an evaluation completes exactly once.
     */
    @Transactional
    public Stored store(UUID cellId, String owner, CellResult result) {
        Optional<CellJob> held = cells.lockIfHeld(cellId, owner);
        if (held.isEmpty()) {
            return Stored.DROPPED;
        }
        CellJob cell = held.get();
        ClassificationMetrics metrics = result.metrics();
        cell.status = CellStatus.DONE;
        cell.leaseOwner = null;
        cell.leaseExpiresAt = null;
        cell.finishedAt = Instant.now();
        cell.computedBy = owner;
        cell.suiteId = result.suiteId();
        cell.images = metrics.count();
        cell.correct = metrics.correct();
        cell.accuracy = metrics.accuracy();
        if (cell.cell().isClean()) {
            CellResult.ModelFigures model = Objects.requireNonNull(result.model(), "the clean cell's model figures");
            cell.meanNegativeLogLikelihood = metrics.meanNegativeLogLikelihood();
            cell.expectedCalibrationError = metrics.expectedCalibrationError();
            cell.calibrationBins = metrics.calibrationBins().stream().map(StoredCalibrationBin::of).toList();
            cell.parameters = model.parameters();
            cell.nonZeroParameters = model.nonZeroParameters();
            cell.latencyMillisPerImage = model.latencyMillisPerImage();
        }
        // Locked after the cell: whoever stores a cell of this evaluation next waits here, and then counts
        // this cell as done.
        Optional<Evaluation> running = evaluations.lockIfRunning(cell.evaluationId);
        if (running.isEmpty()) {
            return Stored.STORED;
        }
        Evaluation evaluation = running.get();
        cells.flush();
        long total = cells.count("evaluationId", evaluation.id);
        long done = total - cells.open(evaluation.id);
        new ProgressSteps(total, config.progressStep()).reachedBy(done).ifPresent(percent -> outbox.publish(
                new EvaluationProgressed(UUID.randomUUID(), Instant.now(), evaluation.id.toString(),
                        evaluation.modelId.toString(), percent)));
        if (done < total) {
            return Stored.STORED;
        }
        complete(evaluation, merge(evaluation, cells.ofEvaluation(evaluation.id)));
        return Stored.COMPLETED;
    }

    /**
     * Fails the cell's evaluation with {@code reason} and announces it, if {@code owner} still holds the
     * cell; false when it does not (nothing changed).
     */
    @Transactional
    public boolean fail(UUID cellId, String owner, String reason) {
        Optional<CellJob> held = cells.lockIfHeld(cellId, owner);
        if (held.isEmpty()) {
            return false;
        }
        CellJob cell = held.get();
        cell.status = CellStatus.PENDING;
        cell.leaseOwner = null;
        cell.leaseExpiresAt = null;
        return evaluations.lockIfRunning(cell.evaluationId).map(evaluation -> {
            markFailed(evaluation, reason);
            return true;
        }).orElse(false);
    }

    /** Gives back every cell {@code owner} holds, for other instances to claim at their next look; returns how many. */
    @Transactional
    public int release(String owner) {
        return cells.releaseAll(owner);
    }

    /** Renews {@code owner}'s leases on the cells among {@code ids}; returns how many it still holds. */
    @Transactional
    public int renew(Collection<UUID> ids, String owner) {
        return cells.renew(ids, owner, config.cells().lease());
    }

    /** Cells of RUNNING evaluations not stored yet: the work the instances have left. */
    @Transactional
    public long pendingCells() {
        return cells.pending();
    }

    /** Evaluations of one model, or all when {@code modelId} is null, newest first. */
    @Transactional
    public List<Evaluation> list(UUID modelId) {
        return modelId == null ? evaluations.newestFirst() : evaluations.ofModel(modelId);
    }

    /** One evaluation with its cells. */
    @Transactional
    public Optional<Evaluation> find(UUID id) {
        return evaluations.withCells(id);
    }

    /** Splits a RUNNING evaluation into its PENDING cells, or fails it when its dataset has no suite here. */
    private void plan(Evaluation evaluation) {
        EvaluationPlan plan;
        try {
            plan = suiteStore.plan(evaluation.dataset);
        } catch (RuntimeException e) {
            // The plan reads the dataset only (never the database): its failure is the announcement's.
            LOG.warnf("evaluation %s of model %s failed: %s", evaluation.id, evaluation.modelId, e.getMessage());
            markFailed(evaluation, e.getMessage());
            return;
        }
        List<Cell> planned = plan.cells();
        for (int position = 0; position < planned.size(); position++) {
            cells.persist(CellJob.pending(evaluation.id, position, planned.get(position)));
        }
    }

    /** The figures of the whole evaluation from its cells, as one run over every cell would give them. */
    private static EvaluationResults merge(Evaluation evaluation, List<CellJob> done) {
        CellJob clean = done.stream().filter(cell -> cell.cell().isClean()).findFirst()
                .orElseThrow(() -> new IllegalStateException("evaluation " + evaluation.id + " has no clean cell"));
        List<CalibrationBin> bins = IntStream.range(0, clean.calibrationBins.size())
                .mapToObj(index -> clean.calibrationBins.get(index).toCalibrationBin(index)).toList();
        ClassificationMetrics cleanMetrics = new ClassificationMetrics(clean.images, clean.correct, clean.accuracy,
                clean.meanNegativeLogLikelihood, clean.expectedCalibrationError, bins);
        List<String> corruptions = new ArrayList<>();
        List<CorruptionCell> corrupted = new ArrayList<>();
        for (CellJob cell : done) {
            if (!cell.cell().isClean()) {
                corrupted.add(new CorruptionCell(cell.corruption, cell.severity, cell.images, cell.accuracy));
                if (!corruptions.contains(cell.corruption)) {
                    corruptions.add(cell.corruption);
                }
            }
        }
        RobustnessResult robustness = new EvaluationPlan(corruptions).robustness(cleanMetrics, corrupted, STANDARD);
        long images = done.stream().mapToLong(cell -> cell.images).sum();
        Instant started = done.stream().map(cell -> cell.startedAt).min(Instant::compareTo).orElseThrow();
        Instant finished = done.stream().map(cell -> cell.finishedAt).max(Instant::compareTo).orElseThrow();
        double seconds = Math.max(1e-3, Duration.between(started, finished).toNanos() / 1e9);
        return new EvaluationResults(Math.toIntExact(clean.images), clean.suiteId, cleanMetrics.accuracy(),
                robustness.robustAccuracy().value(), robustness.extraAccuracy().value(),
                cleanMetrics.expectedCalibrationError(), cleanMetrics.meanNegativeLogLikelihood(), bins, clean.parameters,
                clean.nonZeroParameters, clean.latencyMillisPerImage, images / seconds, robustness.grid().cells());
    }

    private void complete(Evaluation evaluation, EvaluationResults results) {
        evaluation.status = EvaluationStatus.SUCCEEDED;
        evaluation.samplesPerCell = results.samplesPerCell();
        evaluation.suiteId = results.suiteId();
        evaluation.cleanAccuracy = results.cleanAccuracy();
        evaluation.robustAccuracy = results.robustAccuracy();
        evaluation.extraAccuracy = results.extraAccuracy();
        evaluation.expectedCalibrationError = results.expectedCalibrationError();
        evaluation.meanNegativeLogLikelihood = results.meanNegativeLogLikelihood();
        evaluation.calibrationBins = results.calibrationBins().stream().map(StoredCalibrationBin::of).toList();
        evaluation.parameters = results.parameters();
        evaluation.nonZeroParameters = results.nonZeroParameters();
        evaluation.latencyMillisPerImage = results.latencyMillisPerImage();
        evaluation.imagesPerSecond = results.imagesPerSecond();
        evaluation.completedAt = Instant.now();
        for (CorruptionCell cell : results.cells()) {
            evaluation.cells.add(new EvaluationCell(cell.corruption(), cell.severity(), cell.count(), cell.accuracy()));
        }
        outbox.publish(new EvaluationCompleted(UUID.randomUUID(), evaluation.completedAt, evaluation.id.toString(),
                evaluation.modelId.toString(), results.cleanAccuracy(), results.robustAccuracy(),
                results.expectedCalibrationError(), results.parameters(), results.nonZeroParameters(),
                results.latencyMillisPerImage()));
        recordDuration(evaluation, "succeeded");
        LOG.infof("evaluation %s of model %s done: clean accuracy %.4f, robust accuracy %s, %.0f images/s", evaluation.id,
                evaluation.modelId, results.cleanAccuracy(), results.robustAccuracy(), results.imagesPerSecond());
    }

    private void markFailed(Evaluation evaluation, String reason) {
        evaluation.status = EvaluationStatus.FAILED;
        evaluation.error = reason;
        evaluation.completedAt = Instant.now();
        outbox.publish(new EvaluationFailed(UUID.randomUUID(), evaluation.completedAt, evaluation.id.toString(),
                evaluation.modelId.toString(), reason));
        recordDuration(evaluation, "failed");
    }

    private void recordDuration(Evaluation evaluation, String outcome) {
        meters.timer("cardeck.evaluation.duration", "outcome", outcome)
                .record(Duration.between(evaluation.createdAt, evaluation.completedAt));
    }
}
