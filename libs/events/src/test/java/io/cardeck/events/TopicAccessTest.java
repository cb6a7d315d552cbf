package io.cardeck.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicAccessTest {

    private static final PruneRequested REQUEST = new PruneRequested(UUID.randomUUID(), Instant.parse("2026-12-08T09:00:00Z"),
            UUID.randomUUID().toString(), UUID.randomUUID().toString(), "magnitude", Map.of("sparsity", 0.5));

    @Test
    void eachServiceWritesItsOwnEventsAndTheDeadLettersOfWhatItReads() {
        assertEquals(Set.of("cardeck.prune.events", "cardeck.models.ready", "cardeck.prune.requests.dlq"),
                TopicAccess.writes(TopicAccess.PRUNER));
        assertEquals(Set.of("cardeck.evaluation.events", "cardeck.models.ready.dlq"), TopicAccess.writes(TopicAccess.EVALUATOR));
        assertEquals(Set.of("cardeck.deck.events", "cardeck.evaluation.events.dlq"), TopicAccess.writes(TopicAccess.ENSEMBLE));
        assertEquals(Set.of("cardeck.prune.requests"), TopicAccess.reads(TopicAccess.PRUNER));
        assertEquals(Set.of("cardeck.models.ready"), TopicAccess.reads(TopicAccess.EVALUATOR));
        assertEquals(Set.of("cardeck.evaluation.events"), TopicAccess.reads(TopicAccess.ENSEMBLE));
    }

    @Test
    void theGatewayAlsoReadsEveryDeadLetterTopicAndWritesEveryConsumedTopicForReplays() {
        assertEquals(Set.of("cardeck.prune.requests", "cardeck.prune.events", "cardeck.models.ready",
                "cardeck.evaluation.events", "cardeck.prune.events.dlq", "cardeck.evaluation.events.dlq"),
                TopicAccess.writes(TopicAccess.GATEWAY));
        assertEquals(Set.of("cardeck.prune.events", "cardeck.evaluation.events", "cardeck.prune.requests.dlq",
                "cardeck.prune.events.dlq", "cardeck.models.ready.dlq", "cardeck.evaluation.events.dlq",
                "cardeck.deck.events.dlq"), TopicAccess.reads(TopicAccess.GATEWAY));
    }

    @Test
    void everyTopicHasOneWriterAmongTheServices() {
        for (String topic : Topics.ALL) {
            assertTrue(TopicAccess.SERVICES.contains(TopicAccess.writer(topic)), topic);
            assertTrue(TopicAccess.writes(TopicAccess.writer(topic)).contains(topic), topic);
            for (String reader : TopicAccess.readers(topic)) {
                assertTrue(TopicAccess.reads(reader).contains(topic), reader + " reads " + topic);
            }
        }
    }

    @Test
    void unknownTopicsAndServicesSayWhatIsKnown() {
        IllegalArgumentException topic = assertThrows(IllegalArgumentException.class, () -> TopicAccess.writer("other"));
        assertTrue(topic.getMessage().startsWith("unknown topic other; cardeck's topics are [cardeck.prune.requests"),
                topic.getMessage());
        IllegalArgumentException service = assertThrows(IllegalArgumentException.class, () -> TopicAccess.writes("admin"));
        assertEquals("unknown service 'admin'; expected one of [pruner-service, evaluator-service, ensemble-service,"
                + " gateway]", service.getMessage());
    }

    @Test
    void onlyTheTopicsWriterIsAccepted() {
        assertEquals(Optional.empty(), TopicAccess.refusal(Topics.PRUNE_REQUESTS, TopicAccess.GATEWAY));
        assertEquals(Optional.of("it was written by 'pruner-service', which may not write cardeck.prune.requests;"
                + " only gateway does"), TopicAccess.refusal(Topics.PRUNE_REQUESTS, TopicAccess.PRUNER));
        assertEquals(Optional.of("its record names no writer (header cardeck-writer); events on cardeck.models.ready"
                + " are written by pruner-service only"), TopicAccess.refusal(Topics.MODELS_READY, null));
        String hostile = TopicAccess.refusal(Topics.MODELS_READY, "x\n".repeat(100)).orElseThrow();
        assertTrue(hostile.startsWith("it was written by 'x?x?") && hostile.contains("...'"), hostile);
    }

    @Test
    void aConsumerTakesAnEventOnlyFromItsTopicsWriter() {
        byte[] message = EventCodec.encode(REQUEST);
        assertEquals(REQUEST, EventCodec.decodeFrom(Topics.PRUNE_REQUESTS, TopicAccess.GATEWAY, message));
        EventFormatException forged = assertThrows(EventFormatException.class,
                () -> EventCodec.decodeFrom(Topics.PRUNE_REQUESTS, TopicAccess.ENSEMBLE, message));
        assertEquals("refused PruneRequested " + REQUEST.eventId() + ": it was written by 'ensemble-service', which may"
                + " not write cardeck.prune.requests; only gateway does", forged.getMessage());
        EventFormatException anonymous = assertThrows(EventFormatException.class,
                () -> EventCodec.decodeFrom(Topics.PRUNE_REQUESTS, null, message));
        assertTrue(anonymous.getMessage().contains("names no writer"), anonymous.getMessage());
        EventFormatException elsewhere = assertThrows(EventFormatException.class,
                () -> EventCodec.decodeFrom(Topics.MODELS_READY, TopicAccess.GATEWAY, message));
        assertEquals("PruneRequested does not belong on cardeck.models.ready (it is published on cardeck.prune.requests)",
                elsewhere.getMessage());
        EventFormatException junk = assertThrows(EventFormatException.class,
                () -> EventCodec.decodeFrom(Topics.PRUNE_REQUESTS, TopicAccess.GATEWAY, new byte[] {'x'}));
        assertTrue(junk.getMessage().startsWith("not a cardeck event"), junk.getMessage());
    }
}
