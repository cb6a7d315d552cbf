package io.cardeck.events;

import java.util.List;

/** Kafka topic names; each service's configuration names the same topics. */
public final class Topics {

    public static final String PRUNE_REQUESTS = "cardeck.prune.requests";
    public static final String PRUNE_EVENTS = "cardeck.prune.events";
    public static final String MODELS_READY = "cardeck.models.ready";
    public static final String EVALUATION_EVENTS = "cardeck.evaluation.events";
    public static final String DECK_EVENTS = "cardeck.deck.events";

    /** Suffix of the dead-letter topic of each consumed topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public static final List<String> ALL = List.of(PRUNE_REQUESTS, PRUNE_EVENTS, MODELS_READY, EVALUATION_EVENTS, DECK_EVENTS);

    private Topics() {}

    /** Where messages of {@code topic} that cannot be processed go, with the reason in a header. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
