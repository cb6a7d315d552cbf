package io.cardeck.evaluator.service;

import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.evaluation.EvaluationReport;
import io.cardeck.evaluation.Evaluator;
import io.cardeck.evaluation.OnnxClassifier;
import io.cardeck.evaluator.config.EvaluatorConfig;
import io.cardeck.evaluator.registry.ModelRegistry;
import io.cardeck.evaluator.registry.ModelUnavailableException;
import io.cardeck.evaluator.service.SuiteStore.PreparedSuite;
import io.cardeck.metrics.ClassificationMetrics;
import io.cardeck.metrics.RobustnessResult;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs evaluations on the service's worker threads, off the Kafka poll loop: fetch the model, prepare the
 * dataset's suite, one ONNX Runtime session for clean accuracy, every corruption cell, size and latency,
 * then store the results (or the failure) through {@link EvaluationService}. The evaluations this
 * instance has queued or running are the ones its heartbeat keeps alive.
 */
@ApplicationScoped
public class EvaluationRunner {

    private static final Logger LOG = Logger.getLogger(EvaluationRunner.class);
    private static final List<String> STANDARD = Corruptions.standard().stream().map(Corruption::name).toList();

    private final EvaluationService evaluations;
    private final ModelRegistry registry;
    private final SuiteStore suites;
    private final EvaluatorInstance instance;
    private final EvaluatorConfig config;
    private final MeterRegistry meters;
    private final ExecutorService workers;
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    EvaluationRunner(EvaluationService evaluations, ModelRegistry registry, SuiteStore suites, EvaluatorInstance instance,
                     EvaluatorConfig config, MeterRegistry meters) {
        this.evaluations = evaluations;
        this.registry = registry;
        this.suites = suites;
        this.instance = instance;
        this.config = config;
        this.meters = meters;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.workers()), runnable -> {
            Thread thread = new Thread(runnable, "cardeck-evaluation-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues the evaluation {@code id}, held by this instance; a no-op when it is already queued or running here. */
    public void submit(UUID id) {
        if (!held.add(id)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    run(id);
                } finally {
                    held.remove(id);
                }
            });
        } catch (RejectedExecutionException e) {
            held.remove(id);
            LOG.warnf("evaluation %s not started: the service is stopping; another instance will take it over", id);
        }
    }

    /** Evaluations queued or running in this instance. */
    public Set<UUID> held() {
        return Set.copyOf(held);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void run(UUID id) {
        String owner = instance.id();
        EvaluationTask task = evaluations.task(id, owner).orElse(null);
        if (task == null) {
            LOG.infof("evaluation %s is finished or held by another instance; not run", id);
            return;
        }
        LOG.infof("evaluating model %s (%s, %d images per cell) as evaluation %s", task.modelId(), task.dataset(),
                task.samplesPerCell(), id);
        Timer.Sample timer = Timer.start(meters);
        try {
            EvaluationResults results = measure(task, owner);
            if (evaluations.complete(id, owner, results)) {
                long nanos = timer.stop(meters.timer("cardeck.evaluation.duration", "outcome", "succeeded"));
                LOG.infof("evaluation %s of model %s done in %.1f s: clean accuracy %.4f, robust accuracy %s", id,
                        task.modelId(), nanos / 1e9, results.cleanAccuracy(), results.robustAccuracy());
            } else {
                LOG.infof("evaluation %s was taken over by another instance; its results here are dropped", id);
            }
        } catch (OwnershipLostException e) {
            LOG.infof("evaluation %s was taken over by another instance; stopped", id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.infof("evaluation %s interrupted; left RUNNING for the recovery sweep", id);
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.infof("evaluation %s stopped with the service (%s); left RUNNING for the recovery sweep", id, e);
                return;
            }
            String reason = reason(e);
            if (modelProblem(e)) {
                LOG.warnf("evaluation %s of model %s failed: %s", id, task.modelId(), reason);
            } else {
                LOG.errorf(e, "evaluation %s of model %s failed: %s", id, task.modelId(), reason);
            }
            if (evaluations.fail(id, owner, reason)) {
                timer.stop(meters.timer("cardeck.evaluation.duration", "outcome", "failed"));
            }
        }
    }

    private EvaluationResults measure(EvaluationTask task, String owner) throws InterruptedException {
        OnnxModel model = OnnxModel.parse(registry.onnx(task.modelId(), task.modelSha256()), "model " + task.modelId());
        PreparedSuite suite = suites.prepare(task.dataset(), task.samplesPerCell());
        UUID suiteId = evaluations.recordSuite(instance.host(), suite.directory(), suite.corruptions().manifest()
                .orElseThrow(() -> new IllegalStateException(suite.directory() + " lost its suite.json")));
        SessionOptionsSpec options = new SessionOptionsSpec(config.device(), 0, config.intraOpThreads(),
                SessionOptionsSpec.Optimization.ALL);
        try (ModelSession session = InferenceSessions.open(model, options)) {
            session.fallbackReason().ifPresent(reason -> LOG.warnf("evaluation %s runs on CPU: %s", task.id(), reason));
            Evaluator evaluator = new Evaluator(new OnnxClassifier(session),
                    new EvaluationOptions(config.batchSize(), task.samplesPerCell()));
            ProgressSteps steps = new ProgressSteps(evaluator.plannedImages(suite.cleanSplit(), suite.corruptions()),
                    config.progressStep());
            EvaluationReport report = evaluator.evaluate(suite.cleanSplit(), suite.corruptions(), STANDARD,
                    images -> steps.advance(images).ifPresent(percent -> {
                        if (!evaluations.progress(task.id(), owner, percent)) {
                            throw new OwnershipLostException(task.id());
                        }
                    }));
            ModelStatistics statistics = ModelStatistics.of(model, session.sampleShape());
            double latency = SingleImageLatency.medianMillis(session, suite.cleanSplit().image(0),
                    config.latency().warmupRuns(), config.latency().runs());
            ClassificationMetrics clean = report.clean();
            RobustnessResult robustness = report.robustness();
            return new EvaluationResults(Math.toIntExact(clean.count()), suiteId, clean.accuracy(),
                    robustness.robustAccuracy().value(), robustness.extraAccuracy().value(),
                    clean.expectedCalibrationError(), clean.meanNegativeLogLikelihood(), clean.calibrationBins(),
                    statistics.parameters(),
                    statistics.nonZeroParameters(), latency, report.imagesPerSecond(), robustness.grid().cells());
        }
    }

    /** Failures that say what is wrong with the model or its announcement, as opposed to faults of this service. */
    private static boolean modelProblem(RuntimeException e) {
        return e instanceof ModelUnavailableException || e instanceof OnnxFormatException
                || e instanceof IllegalArgumentException;
    }

    /** The failure as a user should read it: the message, else the kind of failure. */
    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
