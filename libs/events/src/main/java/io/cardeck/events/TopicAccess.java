package io.cardeck.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which service writes and which services read each topic: the one table that consumers check an
 * event's writer against and that the broker's ACLs are generated from (devstack's {@code KafkaAcls},
 * the Compose and Kubernetes setup script), so the two cannot disagree. Each service is a Kafka
 * principal of its own, named as the service ({@code quarkus.application.name}).
 */
public final class TopicAccess {

    /**
     * The Kafka header in which an event names the service that wrote it: the outbox relay sets it
     * from the service's name, and consumers dead-letter an event whose writer may not write its topic.
     */
    public static final String WRITER_HEADER = "cardeck-writer";

    public static final String GATEWAY = "gateway";
    public static final String PRUNER = "pruner-service";
    public static final String EVALUATOR = "evaluator-service";
    public static final String ENSEMBLE = "ensemble-service";

    /** The services, each a principal on the broker, in start order. */
    public static final List<String> SERVICES = List.of(PRUNER, EVALUATOR, ENSEMBLE, GATEWAY);

    private static final Map<String, String> WRITER = Map.of(
            Topics.PRUNE_REQUESTS, GATEWAY,
            Topics.PRUNE_EVENTS, PRUNER,
            Topics.MODELS_READY, PRUNER,
            Topics.EVALUATION_EVENTS, EVALUATOR,
            Topics.DECK_EVENTS, ENSEMBLE);

    private static final Map<String, List<String>> READERS = Map.of(
            Topics.PRUNE_REQUESTS, List.of(PRUNER),
            Topics.PRUNE_EVENTS, List.of(GATEWAY),
            Topics.MODELS_READY, List.of(EVALUATOR),
            Topics.EVALUATION_EVENTS, List.of(ENSEMBLE, GATEWAY),
            Topics.DECK_EVENTS, List.of());

    private TopicAccess() {}

    /** The one service whose events go on {@code topic}. */
    public static String writer(String topic) {
        String writer = WRITER.get(topic);
        if (writer == null) {
            throw new IllegalArgumentException("unknown topic " + topic + "; cardeck's topics are " + Topics.ALL);
        }
        return writer;
    }

    /** The services that consume {@code topic}, each dead-lettering into {@link Topics#deadLetter} of it. */
    public static List<String> readers(String topic) {
        writer(topic);
        return READERS.get(topic);
    }

    /**
     * The topics {@code service} may write: those whose events it publishes, the dead-letter topics of
     * those it consumes, and, for the gateway, which replays dead letters to their original topic
     * (docs/security.md), every topic that has a consumer.
     */
    public static SortedSet<String> writes(String service) {
        requireService(service);
        SortedSet<String> topics = new TreeSet<>();
        for (String topic : Topics.ALL) {
            if (writer(topic).equals(service)) {
                topics.add(topic);
            }
            if (readers(topic).contains(service)) {
                topics.add(Topics.deadLetter(topic));
            }
            if (service.equals(GATEWAY) && !readers(topic).isEmpty()) {
                topics.add(topic);
            }
        }
        return topics;
    }

    /** The topics {@code service} may read: those it consumes, and, for the gateway, which lists dead letters, every dead-letter topic. */
    public static SortedSet<String> reads(String service) {
        requireService(service);
        SortedSet<String> topics = new TreeSet<>();
        for (String topic : Topics.ALL) {
            if (readers(topic).contains(service)) {
                topics.add(topic);
            }
            if (service.equals(GATEWAY)) {
                topics.add(Topics.deadLetter(topic));
            }
        }
        return topics;
    }

    /** The service's consumer groups start with its name (e.g. {@code pruner-service}, {@code gateway-<instance>-prune-events}). */
    public static String consumerGroupPrefix(String service) {
        return requireService(service);
    }

    /**
     * Why an event on {@code topic} whose envelope names {@code writer} (null when it names none) must
     * not be applied; empty when {@code writer} is the topic's writer.
     */
    public static Optional<String> refusal(String topic, String writer) {
        String expected = writer(topic);
        if (writer == null || writer.isEmpty()) {
            return Optional.of("its record names no writer (header " + WRITER_HEADER + "); events on " + topic
                    + " are written by " + expected + " only");
        }
        if (!writer.equals(expected)) {
            return Optional.of("it was written by '" + printable(writer) + "', which may not write " + topic
                    + "; only " + expected + " does");
        }
        return Optional.empty();
    }

    private static String requireService(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("unknown service '" + service + "'; expected one of " + SERVICES);
        }
        return service;
    }

    /** A writer as a reason may quote it: at most 64 characters, control characters replaced. */
    private static String printable(String writer) {
        String shown = writer.length() > 64 ? writer.substring(0, 64) + "..." : writer;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
