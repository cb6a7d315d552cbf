package io.cardeck.evaluator.service;

import io.cardeck.evaluator.config.EvaluatorConfig;
import io.cardeck.evaluator.registry.ModelUnavailableException;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.outbox.quarkus.DatabaseOutage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * This instance's share of the evaluations: worker threads that claim cells from the database one at a
 * time, compute them and store them, so every instance takes cells as fast as it computes them and the
 * work spreads over however many instances run. While a cell is computed here, the heartbeat renews its
 * lease; an instance that stops gives its cells back at once, and those of one that died are claimed
 * again once their leases expire.
 *
 * <p>Exposes {@code cardeck.evaluator.cells.pending} (cells of running evaluations not stored yet, the
 * same figure on every instance: what an autoscaler scales on) and {@code cardeck.evaluator.cells.computed}
 * (cells this instance stored).
 */
@ApplicationScoped
public class CellWorkers {

    private static final Logger LOG = Logger.getLogger(CellWorkers.class);
    /** How long a stopping instance waits for its workers to leave their cells. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final EvaluationService evaluations;
    private final CellRunner runner;
    private final EvaluatorInstance instance;
    private final EvaluatorConfig config;
    private final Counter computed;
    private final AtomicLong pending = new AtomicLong();
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    CellWorkers(EvaluationService evaluations, CellRunner runner, EvaluatorInstance instance, EvaluatorConfig config,
                MeterRegistry meters) {
        this.evaluations = evaluations;
        this.runner = runner;
        this.instance = instance;
        this.config = config;
        this.computed = Counter.builder("cardeck.evaluator.cells.computed")
                .description("Cells of evaluations this instance computed and stored")
                .register(meters);
        Gauge.builder("cardeck.evaluator.cells.pending", pending, AtomicLong::get)
                .description("Cells of running evaluations not stored yet, waiting for an instance or being computed;"
                        + " read from the database, so every instance reports the same figure")
                .register(meters);
    }

    void start(@Observes StartupEvent event) {
        for (int i = 1; i <= config.workers(); i++) {
            Thread thread = new Thread(this::work, "cardeck-cell-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Makes idle workers look for cells now (a model was accepted here) instead of at their next poll. */
    public void wake() {
        threads.forEach(LockSupport::unpark);
    }

    private void work() {
        try (CellRunner.Workspace workspace = runner.workspace()) {
            boolean claiming = true;
            while (!stopping) {
                Optional<CellTask> task;
                try {
                    task = evaluations.claim(instance.id());
                } catch (RuntimeException e) {
                    // Once per outage, not at every poll.
                    if (claiming) {
                        LOG.warnf("cannot claim a cell (%s); trying again at every poll", e.getMessage());
                    }
                    claiming = false;
                    idle();
                    continue;
                }
                if (!claiming) {
                    LOG.info("claiming cells again");
                    claiming = true;
                }
                if (stopping) {
                    // Claimed while the service began to stop, perhaps after it gave its cells back.
                    task.ifPresent(claimed -> release());
                } else if (task.isPresent()) {
                    run(task.get(), workspace);
                } else {
                    idle();
                }
            }
        }
    }

    private void idle() {
        LockSupport.parkNanos(config.cells().pollInterval().toNanos());
    }

    private void run(CellTask task, CellRunner.Workspace workspace) {
        UUID cellId = task.cellId();
        String owner = instance.id();
        held.add(cellId);
        try {
            CellResult result = runner.compute(task, workspace, () -> stopping);
            switch (evaluations.store(cellId, owner, result)) {
                case DROPPED -> LOG.infof("cell %s of evaluation %s was taken over by another instance; its result here"
                        + " is dropped", task.cell().key(), task.evaluationId());
                case STORED -> computed.increment();
                case COMPLETED -> {
                    computed.increment();
                    LOG.infof("evaluation %s of model %s completed with cell %s", task.evaluationId(), task.modelId(),
                            task.cell().key());
                }
            }
        } catch (CellRunner.Stopped e) {
            LOG.infof("%s; given back for another instance", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.infof("cell %s of evaluation %s interrupted", task.cell().key(), task.evaluationId());
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.infof("cell %s of evaluation %s stopped with the service (%s)", task.cell().key(), task.evaluationId(), e);
                return;
            }
            if (DatabaseOutage.isCauseOf(e)) {
                // Not the evaluation's fault: the cell is claimed again once its lease expires, here or elsewhere.
                LOG.warnf("cell %s of evaluation %s not stored: the database is out of reach (%s)", task.cell().key(),
                        task.evaluationId(), e.getMessage());
                return;
            }
            fail(task, e);
        } finally {
            held.remove(cellId);
        }
    }

    /** A cell that cannot be computed fails its evaluation: the same model and suite would fail on any instance. */
    private void fail(CellTask task, RuntimeException failure) {
        String reason = failure.getMessage() == null || failure.getMessage().isBlank()
                ? failure.getClass().getSimpleName() : failure.getMessage();
        if (modelProblem(failure)) {
            LOG.warnf("evaluation %s of model %s failed on cell %s: %s", task.evaluationId(), task.modelId(),
                    task.cell().key(), reason);
        } else {
            LOG.errorf(failure, "evaluation %s of model %s failed on cell %s: %s", task.evaluationId(), task.modelId(),
                    task.cell().key(), reason);
        }
        try {
            evaluations.fail(task.cellId(), instance.id(), reason);
        } catch (RuntimeException e) {
            LOG.warnf("cannot record the failure of evaluation %s (%s); its cell is claimed again once its lease expires",
                    task.evaluationId(), e.getMessage());
        }
    }

    /** Failures that say what is wrong with the model or its announcement, as opposed to faults of this service. */
    private static boolean modelProblem(RuntimeException e) {
        return e instanceof ModelUnavailableException || e instanceof OnnxFormatException
                || e instanceof IllegalArgumentException;
    }

    /** Renews the leases of the cells computed here, and reads the pending cells for the gauge. */
    @Scheduled(identity = "evaluator-cells-heartbeat", every = "${cardeck.evaluator.cells.heartbeat}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        try {
            evaluations.renew(Set.copyOf(held), instance.id());
            pending.set(evaluations.pendingCells());
        } catch (RuntimeException e) {
            // The database is out of reach: the workers say so; the leases are renewed at the next beat that gets through.
            LOG.debugf("heartbeat failed: %s", e.getMessage());
        }
    }

    /**
     * SIGTERM: gives every cell held here back at once, so another instance takes it at its next poll
     * rather than after the lease; the workers stop at their next batch and store nothing. Observed before
     * the rest of the shutdown (the Kafka consumer's included), so the cells go back first.
     */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) throws InterruptedException {
        stopping = true;
        wake();
        release();
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    private void release() {
        try {
            int released = evaluations.release(instance.id());
            if (released > 0) {
                LOG.infof("gave %d cell(s) back for other instances", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot give the cells held here back (%s); they are claimed again once their leases expire",
                    e.getMessage());
        }
    }
}
