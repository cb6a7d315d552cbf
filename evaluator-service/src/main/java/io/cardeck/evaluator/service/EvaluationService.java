package io.cardeck.evaluator.service;

import io.cardeck.data.suite.SuiteManifest;
import io.cardeck.evaluator.config.EvaluatorConfig;
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
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.outbox.quarkus.EventOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The evaluation job's state machine in the database. Every change a worker makes is guarded by the
 * job being RUNNING and held by that worker's instance, and the event announcing a change is written
 * to the outbox in the change's transaction.
 */
@ApplicationScoped
public class EvaluationService {

    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    private final EvaluationRepository evaluations;
    private final SuiteRecords suites;
    private final EventOutbox outbox;
    private final EvaluatorConfig config;

    EvaluationService(EvaluationRepository evaluations, SuiteRecords suites, EventOutbox outbox, EvaluatorConfig config) {
        this.evaluations = evaluations;
        this.suites = suites;
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * Creates the RUNNING evaluation a ModelReady asks for, held by {@code owner}; empty when the event
     * was applied before (a redelivery).
     *
     * @throws IllegalArgumentException when the model id is not a UUID (the registry's ids are): a poison message
     */
    @Transactional
    public Optional<UUID> accept(ModelReady event, String owner) {
        UUID modelId = IdText.parse(event.modelId(), "a model");
        if (!outbox.firstDelivery(event.eventId())) {
            LOG.infof("ModelReady %s for model %s was applied before; skipped", event.eventId(), modelId);
            return Optional.empty();
        }
        Instant now = Instant.now();
        Evaluation evaluation = new Evaluation();
        evaluation.id = UUID.randomUUID();
        evaluation.modelId = modelId;
        evaluation.modelSha256 = event.sha256();
        evaluation.modelReadyEventId = event.eventId();
        evaluation.status = EvaluationStatus.RUNNING;
        evaluation.dataset = event.dataset();
        evaluation.samplesPerCell = config.samplesPerCell();
        evaluation.owner = owner;
        evaluation.attempts = 1;
        evaluation.heartbeatAt = now;
        evaluation.createdAt = now;
        evaluations.persist(evaluation);
        return Optional.of(evaluation.id);
    }

    /** The evaluation as a worker needs it, if {@code owner} still holds it. */
    @Transactional
    public Optional<EvaluationTask> task(UUID id, String owner) {
        return evaluations.lockIfHeld(id, owner).map(e -> new EvaluationTask(e.id, e.modelId, e.modelSha256, e.dataset,
                e.samplesPerCell));
    }

    /** Records where the suite an evaluation uses lies; returns its id. */
    @Transactional
    public UUID recordSuite(String host, Path directory, SuiteManifest manifest) {
        return suites.record(host, directory, manifest);
    }

    /** Announces {@code percent} done and marks the evaluation alive; false when {@code owner} no longer holds it. */
    @Transactional
    public boolean progress(UUID id, String owner, double percent) {
        return evaluations.lockIfHeld(id, owner).map(evaluation -> {
            evaluation.heartbeatAt = Instant.now();
            outbox.publish(new EvaluationProgressed(UUID.randomUUID(), Instant.now(), id.toString(),
                    evaluation.modelId.toString(), percent));
            return true;
        }).orElse(false);
    }

    /**
     * Stores the results, moves the evaluation to SUCCEEDED and announces it, in one transaction; false
     * (nothing stored) when {@code owner} no longer holds it, so results are stored once.
     */
    @Transactional
    public boolean complete(UUID id, String owner, EvaluationResults results) {
        Optional<Evaluation> held = evaluations.lockIfHeld(id, owner);
        if (held.isEmpty()) {
            return false;
        }
        Evaluation evaluation = held.get();
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
        outbox.publish(new EvaluationCompleted(UUID.randomUUID(), evaluation.completedAt, id.toString(),
                evaluation.modelId.toString(), results.cleanAccuracy(), results.robustAccuracy(),
                results.expectedCalibrationError(), results.parameters(), results.nonZeroParameters(),
                results.latencyMillisPerImage()));
        return true;
    }

    /** Moves the evaluation to FAILED with {@code reason} and announces it; false when {@code owner} no longer holds it. */
    @Transactional
    public boolean fail(UUID id, String owner, String reason) {
        return evaluations.lockIfHeld(id, owner).map(evaluation -> {
            markFailed(evaluation, reason);
            return true;
        }).orElse(false);
    }

    /**
     * Takes over the RUNNING evaluations nobody marked alive for {@code staleAfter}: each becomes held by
     * {@code owner} for one more attempt, or FAILED once it has been started {@code maxAttempts} times.
     * Returns the ids to run.
     */
    @Transactional
    public List<UUID> claimStale(String owner, Duration staleAfter, int maxAttempts) {
        Instant now = Instant.now();
        List<UUID> claimed = new ArrayList<>();
        for (Evaluation evaluation : evaluations.lockStale(now.minus(staleAfter))) {
            if (evaluation.attempts >= maxAttempts) {
                markFailed(evaluation, "gave up after " + evaluation.attempts + " attempts: the instance evaluating"
                        + " the model stopped each time before finishing (last: " + evaluation.owner + ")");
                continue;
            }
            LOG.infof("taking over evaluation %s of model %s from %s (silent since %s), attempt %d", evaluation.id,
                    evaluation.modelId, evaluation.owner, evaluation.heartbeatAt, evaluation.attempts + 1);
            evaluation.owner = owner;
            evaluation.attempts++;
            evaluation.heartbeatAt = now;
            claimed.add(evaluation.id);
        }
        return claimed;
    }

    /** Marks the evaluations among {@code ids} that {@code owner} holds as alive. */
    @Transactional
    public int heartbeat(Collection<UUID> ids, String owner) {
        return evaluations.heartbeat(ids, owner, Instant.now());
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

    private void markFailed(Evaluation evaluation, String reason) {
        evaluation.status = EvaluationStatus.FAILED;
        evaluation.error = reason;
        evaluation.completedAt = Instant.now();
        outbox.publish(new EvaluationFailed(UUID.randomUUID(), evaluation.completedAt, evaluation.id.toString(),
                evaluation.modelId.toString(), reason));
    }
}
