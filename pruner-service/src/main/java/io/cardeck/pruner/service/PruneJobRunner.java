package io.cardeck.pruner.service;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetFormatException;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.outbox.quarkus.DatabaseOutage;
import io.cardeck.outbox.quarkus.DatabaseOutageRetry;
import io.cardeck.pruner.config.PrunerConfig;
import io.cardeck.pruner.repository.JobCheckpoint;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PruningCancelledException;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Runs a job claimed by this instance: loads the parent model, restores the job's latest
 * checkpoint (if a run before this one saved one) into a fresh work directory, runs the method
 * with progress, cancellation, checkpoints and rounds wired to the job, and stores the result. A
 * request that cannot succeed (unknown method or model, bad parameter, a model the method cannot
 * prune) fails the job with the reason. A failure of the infrastructure (database) leaves the job
 * RUNNING: once its lease expires a worker claims it again, and its result is still stored once. A
 * result computed while the database is out of reach is stored once it is back (within the consumers'
 * {@code give-up-after}), so a job that ends during a short outage is not run again.
 */
@ApplicationScoped
public class PruneJobRunner {

    /** How a run ended, the {@code outcome} tag of the metrics. */
    enum Outcome {
        /** The result is stored and the job SUCCEEDED. */
        SUCCEEDED,
        /** The job FAILED with a reason. */
        FAILED,
        /** The job was cancelled; the run stopped and stored nothing. */
        CANCELLED,
        /** Another run holds the job now; this run stored nothing. */
        SUPERSEDED,
        /** The run stopped on an infrastructure error or with the service; the job stays RUNNING for another run. */
        INTERRUPTED
    }

    /**
     * Seeds the division of a dataset's training split into calibration and held-out images. One
     * seed for every job, so the held-out accuracies of different jobs on a dataset compare.
     */
    static final long CALIBRATION_SEED = 0;

    private static final Logger LOG = Logger.getLogger(PruneJobRunner.class);

    private final PruneJobs jobs;
    private final ModelRegistry registry;
    private final PrunerInstance instance;
    private final PrunerConfig config;
    private final MeterRegistry meters;
    private final DatabaseOutageRetry outageRetry;
    /** Training splits by dataset name, read once: every job on a dataset calibrates from the same images. */
    private final Map<String, ImageDataset> trainingSplits = new ConcurrentHashMap<>();

    public PruneJobRunner(PruneJobs jobs, ModelRegistry registry, PrunerInstance instance, PrunerConfig config,
                          MeterRegistry meters, DatabaseOutageRetry outageRetry) {
        this.jobs = jobs;
        this.registry = registry;
        this.instance = instance;
        this.config = config;
        this.meters = meters;
        this.outageRetry = outageRetry;
    }

    /** Runs {@code job}, which this instance has claimed, as {@code run}. */
    void run(JobSpec job, JobRun run) {
        Timer.Sample timing = Timer.start(meters);
        Outcome outcome = execute(job, run);
        if (outcome == Outcome.INTERRUPTED && run.stopReason() == JobRun.Stop.SHUTDOWN) {
            release(job);
        }
        record(job, outcome, timing);
    }

    private Outcome execute(JobSpec job, JobRun run) {
        UUID id = job.id();
        String owner = instance.id();
        PrunerConfig.Jobs settings = config.jobs();
        if (job.attempts() > settings.maxAttempts()) {
            return fail(job, "the job was started " + settings.maxAttempts() + " times and never finished (its instance"
                    + " stopped each time); giving up");
        }
        // One directory per attempt: a run that lost its lease may still be stopping when the job's next run starts.
        Path work = settings.workDirectory().resolve(id + "-attempt-" + job.attempts());
        try {
            run.report(0, job.attempts() == 1 ? "started" : "restarted (attempt " + job.attempts() + ")");
            if (run.stopped()) {
                return stopped(job, run);
            }
            ModelRegistry.StoredModel parent;
            try {
                PruningMethods.byName(job.method());
                parent = registry.load(job.modelId());
            } catch (InvalidParameterException | RejectedException e) {
                return fail(job, e.getMessage());
            }
            prepare(work);
            Optional<JobCheckpoint> checkpoint = jobs.checkpoint(id);
            if (checkpoint.isPresent()) {
                CheckpointArchive.unzip(checkpoint.get().archive, work);
                jobs.resumed(id, owner, checkpoint.get());
                run.resumedAt(new JobRun.Position(checkpoint.get().progress, checkpoint.get().stage));
                LOG.infof("prune job %s resumes from the checkpoint of '%s' saved by %s", id, checkpoint.get().stage,
                        checkpoint.get().savedBy);
            }
            PruningResult result;
            try {
                OnnxModel model = OnnxModel.parse(parent.onnx(), "model " + parent.model().id);
                result = PruningMethods.run(model, job.method(), job.params(), context(job, run, parent, work));
            } catch (PruningCancelledException | JobLostException e) {
                return stopped(job, run);
            } catch (RuntimeException e) {
                if (run.stopped()) {
                    return stopped(job, run);
                }
                if (DatabaseOutage.isCauseOf(e)) {
                    // Registering a round met an outage: not the method's answer, so not a reason to fail the job.
                    throw e;
                }
                // The method refused the parameters or the model; running it again gives the same answer.
                return fail(job, e.getMessage() != null ? e.getMessage() : e.toString());
            }
            if (run.stopped()) {
                return stopped(job, run);
            }
            // A result that meets an outage is kept and stored once the database is back, not computed again.
            AtomicReference<Optional<UUID>> outcome = new AtomicReference<>();
            outageRetry.apply("the result of prune job " + id,
                    () -> outcome.set(jobs.succeed(id, owner, parent.model(), result)));
            Optional<UUID> stored = outcome.get();
            if (stored.isPresent()) {
                LOG.infof("prune job %s stored model %s (%s of model %s)", id, stored.get(), job.method(), job.modelId());
                return Outcome.SUCCEEDED;
            }
            return Outcome.SUPERSEDED;
        } catch (RuntimeException e) {
            LOG.warnf(e, "prune job %s stopped (%s); it stays RUNNING and is claimed again once its lease expires", id,
                    e.getMessage());
            return Outcome.INTERRUPTED;
        } finally {
            discard(work);
        }
    }

    private PruningContext context(JobSpec job, JobRun run, ModelRegistry.StoredModel parent, Path work) {
        UUID id = job.id();
        long[] sampleShape = parent.model().inputShape.stream().mapToLong(Long::longValue).toArray();
        return PruningContext.builder()
                .parentModelId(parent.model().id.toString())
                .sampleShape(sampleShape)
                .data(calibration(parent.model().dataset, id).orElse(null))
                .progress(run)
                .cancelled(run::stopped)
                .workDirectory(work)
                // The whole work directory, whichever part of it the method names: finished rounds lie beside the
                // checkpoints of the round in progress, and a resumed run needs both.
                .checkpoints(directory -> saveCheckpoint(id, run, work))
                .rounds((round, rounds, result) -> registerRound(id, parent, round, rounds, result))
                .build();
    }

    /**
     * Registers a finished round (or LTH's dense training, round 0) as its own model, to be evaluated
     * like any. The last round's model is the job's result, registered when the job succeeds, so it
     * is not registered twice.
     */
    private void registerRound(UUID id, ModelRegistry.StoredModel parent, int round, int rounds, PruningResult result) {
        if (round == rounds) {
            return;
        }
        jobs.storeRound(id, instance.id(), config.jobs().lease(), parent.model(), round, rounds, result)
                .ifPresent(model -> LOG.infof("prune job %s registered round %d/%d as model %s", id, round, rounds, model));
    }

    /**
     * Copies the work directory, which holds a complete checkpoint now, into the database, where
     * any instance resumes from it. A failed copy keeps the previous checkpoint: the job goes on.
     */
    private void saveCheckpoint(UUID id, JobRun run, Path work) {
        String owner = instance.id();
        JobRun.Position position = run.position();
        try {
            if (!jobs.saveCheckpoint(id, owner, CheckpointArchive.zip(work), position.fraction(), position.stage())) {
                run.follow(jobs.renew(id, owner, config.jobs().lease()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("prune job %s: cannot save its checkpoint at '%s' (%s); a resumed run starts from the one before",
                    id, position.stage(), e.getMessage());
        }
    }

    private Optional<CalibrationData> calibration(String dataset, UUID jobId) {
        try {
            ImageDataset train = trainingSplits.computeIfAbsent(dataset, name -> DatasetCatalog.open(name).split("train"));
            return Optional.of(CalibrationData.of(dataset, train, CALIBRATION_SEED, CalibrationData.DEFAULT_VALIDATION_IMAGES));
        } catch (IllegalArgumentException | DatasetFormatException | UncheckedIOException e) {
            // Methods that need data say so when they run; the others do not need it.
            LOG.infof("prune job %s runs without calibration data: %s", jobId, e.getMessage());
            return Optional.empty();
        }
    }

    private Outcome stopped(JobSpec job, JobRun run) {
        JobRun.Stop reason = run.stopReason();
        if (reason == JobRun.Stop.CANCELLED) {
            LOG.infof("prune job %s was cancelled; its run stopped", job.id());
            return Outcome.CANCELLED;
        }
        if (reason == JobRun.Stop.SHUTDOWN) {
            LOG.infof("prune job %s stopped with the service; another run resumes it", job.id());
            return Outcome.INTERRUPTED;
        }
        LOG.infof("prune job %s is run by another instance now; this run stopped", job.id());
        return Outcome.SUPERSEDED;
    }

    private Outcome fail(JobSpec job, String error) {
        LOG.infof("prune job %s failed: %s", job.id(), error);
        return jobs.fail(job.id(), instance.id(), error) ? Outcome.FAILED : Outcome.SUPERSEDED;
    }

    private void release(JobSpec job) {
        try {
            jobs.release(job.id(), instance.id());
        } catch (RuntimeException e) {
            LOG.infof("prune job %s: cannot release its lease (%s); it is claimed again once the lease expires", job.id(),
                    e.getMessage());
        }
    }

    private static void prepare(Path work) {
        CheckpointArchive.delete(work);
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + work, e);
        }
    }

    private static void discard(Path work) {
        try {
            CheckpointArchive.delete(work);
        } catch (UncheckedIOException e) {
            LOG.warnf("cannot remove the work directory %s: %s", work, e.getMessage());
        }
    }

    private void record(JobSpec job, Outcome outcome, Timer.Sample timing) {
        // Only registered names become tag values, so a request cannot create meters without bound.
        String method = MethodCatalog.all().stream().anyMatch(m -> m.name().equals(job.method())) ? job.method() : "unknown";
        String tag = outcome.name().toLowerCase(Locale.ROOT);
        Counter.builder("cardeck.prune.jobs")
                .description("Prune job runs by how they ended")
                .tag("method", method).tag("outcome", tag)
                .register(meters).increment();
        timing.stop(Timer.builder("cardeck.prune.duration")
                .description("Time to run a prune job: load the parent, prune, store the result")
                .tag("method", method).tag("outcome", tag)
                .register(meters));
    }
}
