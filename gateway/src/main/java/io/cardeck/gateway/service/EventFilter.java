package io.cardeck.gateway.service;

import io.cardeck.events.CardeckEvent;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which events one subscriber of the live stream sees; both filters must pass when both are given.
 * <ul>
 *   <li>{@code jobId=J}: the prune events of job J and, once J's {@code PruneSucceeded} has named its
 *       result model, the events about that model (its evaluation), so a client following a job
 *       sees the evaluation of what it produced.</li>
 *   <li>{@code modelId=M}: events naming M as their model, parent model or result model. Prune
 *       progress and failure name only their job, so they pass through {@code jobId} alone.</li>
 * </ul>
 * Holds what it has seen of the job, so it serves one subscriber, which gets events one at a time.
 */
public final class EventFilter implements Predicate<CardeckEvent> {

    private final String jobId;
    private final String modelId;
    private final Set<String> jobResults = new HashSet<>();

    private EventFilter(String jobId, String modelId) {
        this.jobId = jobId;
        this.modelId = modelId;
    }

    /**
     * @param jobId a prune job's UUID, or null for every job
     * @param modelId a model's UUID, or null for every model
     * @throws InvalidInputException if a given value is not a UUID
     */
    public static EventFilter of(String jobId, String modelId) {
        return new EventFilter(jobId == null ? null : Identifiers.uuid("jobId", jobId),
                modelId == null ? null : Identifiers.uuid("modelId", modelId));
    }

    @Override
    public boolean test(CardeckEvent event) {
        EventSubject subject = EventSubject.of(event);
        boolean ofJob = followsJob(subject);
        return ofJob && (modelId == null || subject.modelIds().contains(modelId));
    }

    private boolean followsJob(EventSubject subject) {
        if (jobId == null) {
            return true;
        }
        if (subject.jobId() != null) {
            if (!subject.jobId().equals(jobId)) {
                return false;
            }
            if (subject.resultModelId() != null) {
                jobResults.add(subject.resultModelId());
            }
            return true;
        }
        return subject.modelIds().stream().anyMatch(jobResults::contains);
    }
}
