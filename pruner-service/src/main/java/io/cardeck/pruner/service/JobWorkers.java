package io.cardeck.pruner.service;

import io.cardeck.events.TrainingRecord;
import io.cardeck.pruner.config.PrunerConfig;
import io.cardeck.pruner.repository.PruneJob.Lease;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The worker threads that run prune jobs, off the Kafka consumer. A free worker claims the next
 * job from the database (a PENDING one, or a RUNNING one whose lease expired because its instance
 * stopped), so every instance takes jobs only as fast as it runs them and no job runs twice. While
 * a job runs here, its progress reports and this instance's heartbeat renew its lease; a job of
 * hours keeps it as long as the instance lives.
 */
@ApplicationScoped
public class JobWorkers {

    private static final Logger LOG = Logger.getLogger(JobWorkers.class);
    /** How long a stopping instance waits for its runs to reach a check and stop. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final PruneJobs jobs;
    private final PruneJobRunner runner;
    private final PrunerInstance instance;
    private final PrunerConfig config;
    private final ExecutorService workers;
    private final Semaphore free;
    private final Map<UUID, JobRun> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    JobWorkers(PruneJobs jobs, PruneJobRunner runner, PrunerInstance instance, PrunerConfig config) {
        this.jobs = jobs;
        this.runner = runner;
        this.instance = instance;
        this.config = config;
        int count = config.jobs().workers();
        this.free = new Semaphore(count);
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, "cardeck-prune-job-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Claims and starts jobs while a worker is free: on each poll, and at once when a request arrives. */
    public synchronized void claim() {
        while (!stopping && free.tryAcquire()) {
            Optional<JobSpec> job;
            try {
                job = jobs.claim(instance.id(), config.jobs().lease());
            } catch (RuntimeException e) {
                free.release();
                LOG.warnf("cannot claim a prune job (%s); trying again at the next poll", e.getMessage());
                return;
            }
            if (job.isEmpty()) {
                free.release();
                return;
            }
            start(job.get());
        }
    }

    private void start(JobSpec job) {
        UUID id = job.id();
        Duration lease = config.jobs().lease();
        JobRun run = new JobRun(id, new JobRun.Ledger() {
            @Override
            public Lease record(double fraction, String stage, TrainingRecord training) {
                return jobs.progress(id, instance.id(), lease, fraction, stage, training);
            }

            @Override
            public Lease renew() {
                return jobs.renew(id, instance.id(), lease);
            }
        }, config.jobs().progressInterval(), config.jobs().heartbeat(), System::nanoTime);
        running.put(id, run);
        LOG.infof("prune job %s claimed (attempt %d): %s of model %s", id, job.attempts(), job.method(), job.modelId());
        try {
            workers.execute(() -> {
                try {
                    runner.run(job, run);
                } finally {
                    running.remove(id);
                    free.release();
                }
                claim();
            });
        } catch (RejectedExecutionException e) {
            running.remove(id);
            free.release();
            LOG.infof("prune job %s not started: the service is stopping; it is claimed again once its lease expires", id);
        }
    }

    @Scheduled(identity = "claim-prune-jobs", every = "${cardeck.pruner.jobs.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        claim();
    }

    /** Sends the progress this instance's runs held back, and renews their leases every heartbeat. */
    @Scheduled(identity = "prune-job-progress", every = "${cardeck.pruner.jobs.progress-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        running.values().forEach(JobRun::tick);
    }

    /** A job cancelled through this instance stops here at once; one running elsewhere stops at that instance's next renewal. */
    void cancelled(@Observes(during = TransactionPhase.AFTER_SUCCESS) PruneJobs.Cancelled cancelled) {
        JobRun run = running.get(cancelled.jobId());
        if (run != null) {
            run.stop(JobRun.Stop.CANCELLED);
        }
    }

    /**
     * SIGTERM: stops the runs at their next check; each leaves its job for another run (lease released,
     * checkpoint kept). Observed before the rest of the shutdown: once the persistence unit has closed, a run
     * could no longer release its lease, and the job waited a lease for another instance (PrunerKillIT).
     */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) throws InterruptedException {
        stopping = true;
        running.values().forEach(run -> run.stop(JobRun.Stop.SHUTDOWN));
        workers.shutdown();
        if (!workers.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            LOG.warnf("prune jobs %s did not stop within %s; they are claimed again once their leases expire",
                    running.keySet(), STOP_WAIT);
            workers.shutdownNow();
        }
    }
}
