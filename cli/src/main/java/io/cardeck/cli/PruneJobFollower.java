package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.devstack.EventStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;

/**
 * Follows one prune job on the platform until it ends: a progress bar from its PruneProgressed
 * events on {@code /api/events}, and the job's own state, read now and then, which also covers what
 * happened before the stream was open.
 */
final class PruneJobFollower {

    /** The states a job ends in. */
    static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private static final int TICKS = 1000;
    private static final Duration LOOKUP_INTERVAL = Duration.ofSeconds(5);

    private final GatewayClient gateway;

    PruneJobFollower(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /**
     * @param patience how long to follow before giving up
     * @return the job as the gateway answers it once it has ended
     * @throws IllegalStateException if it has not ended within {@code patience}
     */
    JsonNode follow(String jobId, String task, Duration patience) {
        try (EventStream events = new EventStream(gateway.http(), gateway.request("/api/events?jobId=" + jobId));
             ProgressBar bar = ProgressBars.start(task, TICKS, "‰")) {
            long deadline = System.nanoTime() + patience.toNanos();
            long nextLookup = 0;
            int seen = 0;
            while (true) {
                List<EventStream.Event> all = events.events();
                boolean ended = false;
                for (EventStream.Event event : all.subList(seen, all.size())) {
                    if ("PruneProgressed".equals(event.type())) {
                        bar.stepTo(Math.round(event.data().path("percent").asDouble() * TICKS / 100));
                        bar.setExtraMessage(" " + event.data().path("stage").asText());
                    }
                    ended |= Set.of("PruneSucceeded", "PruneFailed", "PruneCancelled").contains(event.type());
                }
                seen = all.size();
                if (ended || System.nanoTime() > nextLookup) {
                    JsonNode job = gateway.pruneJob(jobId);
                    if (FINAL.contains(job.path("status").asText())) {
                        if (job.path("status").asText().equals("SUCCEEDED")) {
                            bar.stepTo(TICKS);
                        }
                        return job;
                    }
                    nextLookup = System.nanoTime() + LOOKUP_INTERVAL.toNanos();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("prune job " + jobId + " has not ended after " + patience
                            + "; it goes on: follow it with GET /api/prune-jobs/" + jobId);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following prune job " + jobId, e);
        }
    }
}
