package io.cardeck.evaluator.service;

import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.evaluation.Evaluator;
import io.cardeck.evaluation.OnnxClassifier;
import io.cardeck.evaluator.config.EvaluatorConfig;
import io.cardeck.evaluator.registry.ModelRegistry;
import io.cardeck.evaluator.service.SuiteStore.PreparedSuite;
import io.cardeck.metrics.ClassificationMetrics;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Computes one cell of an evaluation: its images through the model's ONNX Runtime session, and for the
 * clean cell also the model's size and single-image latency. A worker keeps a {@link Workspace}: the
 * model's session and the suite stay open from one cell of an evaluation to the next.
 */
@ApplicationScoped
public class CellRunner {

    private static final Logger LOG = Logger.getLogger(CellRunner.class);

    private final EvaluationService evaluations;
    private final ModelRegistry registry;
    private final SuiteStore suites;
    private final EvaluatorInstance instance;
    private final EvaluatorConfig config;

    CellRunner(EvaluationService evaluations, ModelRegistry registry, SuiteStore suites, EvaluatorInstance instance,
               EvaluatorConfig config) {
        this.evaluations = evaluations;
        this.registry = registry;
        this.suites = suites;
        this.instance = instance;
        this.config = config;
    }

    /** A cell's computation was stopped because the service is stopping. */
    public static final class Stopped extends RuntimeException {
        Stopped(CellTask task) {
            super("cell " + task.cell().key() + " of evaluation " + task.evaluationId() + " stopped with the service");
        }
    }

    /**
     * What a worker keeps between the cells it computes: the model, its session and the suite of the
     * evaluation of its last cell. A cell of another evaluation replaces them. Used by one thread.
     */
    public final class Workspace implements AutoCloseable {

        private UUID evaluationId;
        private OnnxModel model;
        private ModelSession session;
        private PreparedSuite suite;
        private UUID suiteId;

        /** Makes the workspace the one of {@code task}'s evaluation: fetch the model, prepare the suite, open a session. */
        private void enter(CellTask task) throws InterruptedException {
            if (task.evaluationId().equals(evaluationId)) {
                return;
            }
            close();
            OnnxModel fetched = OnnxModel.parse(registry.onnx(task.modelId(), task.modelSha256()), "model " + task.modelId());
            PreparedSuite prepared = suites.prepare(task.dataset(), task.samplesPerCell());
            UUID recorded = evaluations.recordSuite(instance.host(), prepared.directory(), prepared.corruptions().manifest()
                    .orElseThrow(() -> new IllegalStateException(prepared.directory() + " lost its suite.json")));
            ModelSession opened = InferenceSessions.open(fetched, new SessionOptionsSpec(config.device(), 0,
                    config.intraOpThreads(), SessionOptionsSpec.Optimization.ALL));
            opened.fallbackReason().ifPresent(reason -> LOG.warnf("evaluation %s runs on CPU: %s", task.evaluationId(), reason));
            model = fetched;
            suite = prepared;
            suiteId = recorded;
            session = opened;
            evaluationId = task.evaluationId();
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
            evaluationId = null;
            model = null;
            session = null;
            suite = null;
            suiteId = null;
        }
    }

    public Workspace workspace() {
        return new Workspace();
    }

    /**
     * Computes {@code task}'s cell in {@code workspace}; {@code stopping} is asked after every batch.
     *
     * @throws Stopped when {@code stopping} said so
     */
    public CellResult compute(CellTask task, Workspace workspace, BooleanSupplier stopping) throws InterruptedException {
        workspace.enter(task);
        Evaluator evaluator = new Evaluator(new OnnxClassifier(workspace.session),
                new EvaluationOptions(config.batchSize(), task.samplesPerCell()));
        ClassificationMetrics metrics = evaluator.evaluate(task.cell(), workspace.suite.cleanSplit(),
                workspace.suite.corruptions(), images -> {
                    if (stopping.getAsBoolean()) {
                        throw new Stopped(task);
                    }
                });
        if (!task.cell().isClean()) {
            return new CellResult(metrics, workspace.suiteId, null);
        }
        ModelStatistics statistics = ModelStatistics.of(workspace.model, workspace.session.sampleShape());
        double latency = SingleImageLatency.medianMillis(workspace.session, workspace.suite.cleanSplit().image(0),
                config.latency().warmupRuns(), config.latency().runs());
        return new CellResult(metrics, workspace.suiteId,
                new CellResult.ModelFigures(statistics.parameters(), statistics.nonZeroParameters(), latency));
    }
}
