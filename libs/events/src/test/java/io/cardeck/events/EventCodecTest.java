package io.cardeck.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");
    private static final String SHA = "a".repeat(64);

    private final List<CardeckEvent> oneOfEach = List.of(
            new PruneRequested(ID, AT, "job-1", "model-1", "magnitude", Map.of("sparsity", 0.5, "scope", "global")),
            new PruneProgressed(ID, AT, "job-1", 42.5, "pruning"),
            new PruneSucceeded(ID, AT, "job-1", "model-1", "model-2"),
            new PruneFailed(ID, AT, "job-1", "unknown method 'x'"),
            new PruneCancelled(ID, AT, "job-1", "epoch 2/5"),
            new ModelReady(ID, AT, "model-2", SHA, "fashion-mnist", ModelOrigin.PRUNED, "model-1"),
            new ModelReady(ID, AT, "model-1", SHA, "fashion-mnist", ModelOrigin.UPLOAD, null),
            new EvaluationProgressed(ID, AT, "eval-1", "model-2", 100),
            new EvaluationCompleted(ID, AT, "eval-1", "model-2", 0.91, null, 0.02, 1000, 100, 0.25),
            new EvaluationFailed(ID, AT, "eval-1", "model-2", "input shape mismatch"),
            new DeckCreated(ID, AT, "deck-1", "gated", List.of("model-1", "model-2"), List.of("standard", "gauss")),
            new DeckDeleted(ID, AT, "deck-1"));

    @Test
    void everyEventRoundTripsThroughJson() {
        for (CardeckEvent event : oneOfEach) {
            assertEquals(event, EventCodec.decode(EventCodec.encode(event)), event.getClass().getSimpleName());
        }
    }

    @Test
    void theWireFormIsNamedAndVersioned() {
        String json = EventCodec.encodeToString(oneOfEach.get(0));
        assertTrue(json.contains("\"type\":\"PruneRequested/v1\""), json);
        assertTrue(json.contains("\"occurredAt\":\"2026-11-26T12:00:00Z\""), json);
        assertEquals("job-1", oneOfEach.get(0).key());
        assertEquals("model-2", oneOfEach.get(8).key());
    }

    @Test
    void poisonMessagesAreRejectedWithTheReason() {
        assertMessage("empty message", () -> EventCodec.decode(new byte[0]));
        assertMessage("not a cardeck event", () -> EventCodec.decode("{not json"));
        assertMessage("not a cardeck event", () -> EventCodec.decode("{\"type\":\"Unknown/v9\"}"));
        assertMessage("not a cardeck event", () -> EventCodec.decode("{\"jobId\":\"x\"}"));
        assertMessage("jobId is missing", () -> EventCodec.decode(
                "{\"type\":\"PruneFailed/v1\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"" + AT + "\",\"jobId\":null,\"error\":\"e\"}"));
        assertMessage("percent must be in [0, 100]", () -> EventCodec.decode(
                "{\"type\":\"PruneProgressed/v1\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"" + AT
                        + "\",\"jobId\":\"j\",\"percent\":140,\"stage\":\"s\"}"));
        assertMessage("not a cardeck event", () -> EventCodec.decode(
                "{\"type\":\"PruneFailed/v1\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"" + AT
                        + "\",\"jobId\":\"j\",\"error\":\"e\",\"extra\":1}"));
        assertMessage("one domain per model", () -> EventCodec.decode(
                "{\"type\":\"DeckCreated/v1\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"" + AT
                        + "\",\"deck\":\"d\",\"mode\":\"gated\",\"modelIds\":[\"m\"],\"domains\":[]}"));
        assertMessage("at most", () -> EventCodec.decode(new byte[EventCodec.MAX_BYTES + 1]));
    }

    @Test
    void recordsRejectInconsistentFacts() {
        assertMessage("sha256", () -> new ModelReady(ID, AT, "m", "xyz", "d", ModelOrigin.UPLOAD, null));
        assertMessage("names its parent", () -> new ModelReady(ID, AT, "m", SHA, "d", ModelOrigin.PRUNED, null));
        assertMessage("names its parent", () -> new ModelReady(ID, AT, "m", SHA, "d", ModelOrigin.ZOO, "p"));
        assertMessage("cleanAccuracy", () -> new EvaluationCompleted(ID, AT, "e", "m", 1.5, null, 0, 1, 1, 0));
        assertMessage("nonZeroParameters", () -> new EvaluationCompleted(ID, AT, "e", "m", 0.5, 0.4, 0, 1, 2, 0));
        assertMessage("blank", () -> new PruneFailed(ID, AT, " ", "e"));
        assertMessage("stage is blank", () -> new PruneCancelled(ID, AT, "job-1", ""));
    }

    @Test
    void deadLetterTopicsFollowTheirTopic() {
        assertEquals("cardeck.prune.requests.dlq", Topics.deadLetter(Topics.PRUNE_REQUESTS));
        assertEquals(5, Topics.ALL.size());
        assertEquals(List.of(Topics.PRUNE_REQUESTS, Topics.PRUNE_EVENTS, Topics.PRUNE_EVENTS, Topics.PRUNE_EVENTS,
                        Topics.PRUNE_EVENTS, Topics.MODELS_READY, Topics.MODELS_READY, Topics.EVALUATION_EVENTS, Topics.EVALUATION_EVENTS,
                        Topics.EVALUATION_EVENTS, Topics.DECK_EVENTS, Topics.DECK_EVENTS),
                oneOfEach.stream().map(CardeckEvent::topic).toList());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        RuntimeException error = assertThrows(RuntimeException.class, call);
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
    }
}
