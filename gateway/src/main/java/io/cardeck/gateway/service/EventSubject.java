package io.cardeck.gateway.service;

import io.cardeck.events.CardeckEvent;
import io.cardeck.events.DeckCreated;
import io.cardeck.events.DeckDeleted;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.EvaluationFailed;
import io.cardeck.events.EvaluationProgressed;
import io.cardeck.events.ModelReady;
import io.cardeck.events.PruneCancelled;
import io.cardeck.events.PruneFailed;
import io.cardeck.events.PruneProgressed;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.PruneSucceeded;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an event is about: its prune job (null for model, evaluation and deck events), the models it
 * names, and the model a prune job produced. Ids are lowercase, as the gateway's filters are.
 */
public record EventSubject(String jobId, Set<String> modelIds, String resultModelId) {

    public static EventSubject of(CardeckEvent event) {
        if (event instanceof PruneRequested e) {
            return new EventSubject(lower(e.jobId()), models(e.modelId()), null);
        }
        if (event instanceof PruneProgressed e) {
            return new EventSubject(lower(e.jobId()), Set.of(), null);
        }
        if (event instanceof PruneSucceeded e) {
            return new EventSubject(lower(e.jobId()), models(e.parentModelId(), e.resultModelId()),
                    lower(e.resultModelId()));
        }
        if (event instanceof PruneFailed e) {
            return new EventSubject(lower(e.jobId()), Set.of(), null);
        }
        if (event instanceof PruneCancelled e) {
            return new EventSubject(lower(e.jobId()), Set.of(), null);
        }
        if (event instanceof ModelReady e) {
            return new EventSubject(null, models(e.modelId(), e.parentModelId()), null);
        }
        if (event instanceof EvaluationProgressed e) {
            return new EventSubject(null, models(e.modelId()), null);
        }
        if (event instanceof EvaluationCompleted e) {
            return new EventSubject(null, models(e.modelId()), null);
        }
        if (event instanceof EvaluationFailed e) {
            return new EventSubject(null, models(e.modelId()), null);
        }
        if (event instanceof DeckCreated e) {
            return new EventSubject(null, models(e.modelIds().toArray(String[]::new)), null);
        }
        if (event instanceof DeckDeleted) {
            return new EventSubject(null, Set.of(), null);
        }
        throw new IllegalArgumentException("no subject known for event type " + event.getClass().getName());
    }

    private static Set<String> models(String... ids) {
        return Arrays.stream(ids).filter(Objects::nonNull).map(EventSubject::lower).collect(Collectors.toUnmodifiableSet());
    }

    private static String lower(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
