package io.cardeck.pruner.service;

import io.cardeck.pruner.config.PrunerConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Finds prune jobs that an instance left PENDING or RUNNING (it crashed or was stopped) and runs
 * them again, one at a time, so that a job is claimed only when this instance is ready to run it.
 * At startup this is what resumes the jobs a previous run of the service left.
 */
@ApplicationScoped
public class AbandonedJobSweep {

    private final PruneJobs jobs;
    private final PruneJobRunner runner;
    private final PrunerConfig config;

    public AbandonedJobSweep(PruneJobs jobs, PruneJobRunner runner, PrunerConfig config) {
        this.jobs = jobs;
        this.runner = runner;
        this.config = config;
    }

    @Scheduled(identity = "abandoned-prune-jobs", every = "${cardeck.pruner.recovery.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        Optional<JobSpec> job;
        while ((job = jobs.claimAbandoned(config.recovery().staleAfter())).isPresent()) {
            runner.resume(job.get());
        }
    }
}
