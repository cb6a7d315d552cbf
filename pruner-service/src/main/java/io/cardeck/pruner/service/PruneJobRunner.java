package io.cardeck.pruner.service;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruner.config.PrunerConfig;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs a claimed (RUNNING) prune job: loads the parent model, runs the method, stores the result.
 * A request that cannot succeed (unknown method or model, bad parameter, a model the method cannot
 * prune) fails the job with the reason. A failure of the infrastructure (database) leaves the job
 * RUNNING: the recovery sweep runs it again later, and its result is still stored once.
 */
@ApplicationScoped
public class PruneJobRunner {

    /** How a run ended, the {@code outcome} tag of the metrics. */
    enum Outcome {
        /** The result is stored and the job SUCCEEDED. */
        SUCCEEDED,
        /** The job FAILED with a reason. */
        FAILED,
        /** Another run finished the job first; this run stored nothing. */
        SUPERSEDED,
        /** The run stopped on an infrastructure error; the job stays RUNNING for the sweep. */
        INTERRUPTED
    }

    private static final Logger LOG = Logger.getLogger(PruneJobRunner.class);

    private final PruneJobs jobs;
    private final ModelRegistry registry;
    private final PrunerConfig config;
    private final MeterRegistry meters;

    public PruneJobRunner(PruneJobs jobs, ModelRegistry registry, PrunerConfig config, MeterRegistry meters) {
        this.jobs = jobs;
        this.registry = registry;
        this.config = config;
        this.meters = meters;
    }

    /** Runs a job taken over from a stopped instance, or fails it if it has been started too often. */
    public void resume(JobSpec job) {
        int limit = config.recovery().maxAttempts();
        if (job.attempts() > limit) {
            String error = "the job was started " + limit + " times and never finished (its instance stopped each time);"
                    + " giving up";
            record(job, jobs.fail(job.id(), error) ? Outcome.FAILED : Outcome.SUPERSEDED, null);
            return;
        }
        run(job);
    }

    /** Runs a job this instance has just moved to RUNNING. */
    public void run(JobSpec job) {
        Timer.Sample timing = Timer.start(meters);
        record(job, execute(job), timing);
    }

    private Outcome execute(JobSpec job) {
        UUID id = job.id();
        try {
            String stage = job.attempts() == 1 ? "started" : "restarted (attempt " + job.attempts() + ")";
            if (!jobs.progress(id, 0, stage)) {
                return Outcome.SUPERSEDED;
            }
            ModelRegistry.StoredModel parent;
            try {
                PruningMethods.byName(job.method());
                parent = registry.load(job.modelId());
            } catch (InvalidParameterException | RejectedException e) {
                return fail(job, e.getMessage());
            }
            PruningResult result;
            try {
                OnnxModel model = OnnxModel.parse(parent.onnx(), "model " + parent.model().id);
                long[] sampleShape = parent.model().inputShape.stream().mapToLong(Long::longValue).toArray();
                result = PruningMethods.run(model, job.method(), job.params(), PruningContext.builder()
                        .parentModelId(parent.model().id.toString()).sampleShape(sampleShape).build());
            } catch (RuntimeException e) {
                // The method refused the parameters or the model; running it again gives the same answer.
                return fail(job, e.getMessage() != null ? e.getMessage() : e.toString());
            }
            Optional<UUID> stored = jobs.succeed(id, parent.model(), result);
            if (stored.isPresent()) {
                LOG.infof("prune job %s stored model %s (%s of model %s)", id, stored.get(), job.method(), job.modelId());
                return Outcome.SUCCEEDED;
            }
            return Outcome.SUPERSEDED;
        } catch (RuntimeException e) {
            LOG.warnf(e, "prune job %s stopped (%s); it stays RUNNING and the recovery sweep runs it again", id, e.getMessage());
            return Outcome.INTERRUPTED;
        }
    }

    private Outcome fail(JobSpec job, String error) {
        LOG.infof("prune job %s failed: %s", job.id(), error);
        return jobs.fail(job.id(), error) ? Outcome.FAILED : Outcome.SUPERSEDED;
    }

    private void record(JobSpec job, Outcome outcome, Timer.Sample timing) {
        // Only registered names become tag values, so a request cannot create meters without bound.
        String method = MethodCatalog.all().stream().anyMatch(m -> m.name().equals(job.method())) ? job.method() : "unknown";
        String tag = outcome.name().toLowerCase(Locale.ROOT);
        Counter.builder("cardeck.prune.jobs")
                .description("Prune job runs by how they ended")
                .tag("method", method).tag("outcome", tag)
                .register(meters).increment();
        if (timing != null) {
            timing.stop(Timer.builder("cardeck.prune.duration")
                    .description("Time to run a prune job: load the parent, prune, store the result")
                    .tag("method", method).tag("outcome", tag)
                    .register(meters));
        }
    }
}
