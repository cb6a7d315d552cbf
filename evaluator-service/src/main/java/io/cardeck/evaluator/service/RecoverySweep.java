package io.cardeck.evaluator.service;

import io.cardeck.evaluator.config.EvaluatorConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Crash recovery: this instance keeps the evaluations it holds alive, and takes over RUNNING ones whose
 * instance has not been heard of for {@code recovery.stale-after} (it died, or was stopped mid-way).
 * The first sweep runs at startup, so a restarted service picks up what it left behind once stale.
 */
@ApplicationScoped
public class RecoverySweep {

    private static final Logger LOG = Logger.getLogger(RecoverySweep.class);

    private final EvaluationService evaluations;
    private final EvaluationRunner runner;
    private final EvaluatorInstance instance;
    private final EvaluatorConfig config;

    RecoverySweep(EvaluationService evaluations, EvaluationRunner runner, EvaluatorInstance instance,
                  EvaluatorConfig config) {
        this.evaluations = evaluations;
        this.runner = runner;
        this.instance = instance;
        this.config = config;
    }

    @Scheduled(every = "${cardeck.evaluator.recovery.heartbeat-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        evaluations.heartbeat(runner.held(), instance.id());
    }

    @Scheduled(every = "${cardeck.evaluator.recovery.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        List<UUID> claimed = evaluations.claimStale(instance.id(), config.recovery().staleAfter(),
                config.recovery().maxAttempts());
        if (!claimed.isEmpty()) {
            LOG.infof("took over %d stale evaluation(s): %s", claimed.size(), claimed);
        }
        claimed.forEach(runner::submit);
    }
}
