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
            new PruneProgressed(ID, AT, "job-1", 50, "fine-tuning: epoch 1/2, batch 40/430, loss 0.412",
                    TrainingRecord.batch("fine-tuning", null, 1, 2, 40, 430, 0.412, 0.853)),
            new PruneProgressed(ID, AT, "job-1", 60, "round 2/4: epoch 1/2 done",
                    TrainingRecord.epochEnd("round 2/4 (sparsity 75.0%)", 2, 1, 2, 0.38, 0.87, 0.8912)),
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
        assertEquals("model-2", oneOfEach.get(10).key());
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
                "{\"type\":\"PruneProgressed/v2\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"" + AT
                        + "\",\"jobId\":\"j\",\"percent\":140,\"stage\":\"s\",\"training\":null}"));
        assertMessage("not a cardeck event", () -> EventCodec.decode(
                "{\"type\":\"PruneFailed/v1\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"" + AT
                        + "\",\"jobId\":\"j\",\"error\":\"e\",\"extra\":1}"));
        assertMessage("one domain per model", () -> EventCodec.decode(
                "{\"type\":\"DeckCreated/v1\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"" + AT
                        + "\",\"deck\":\"d\",\"mode\":\"gated\",\"modelIds\":[\"m\"],\"domains\":[]}"));
        assertMessage("at most", () -> EventCodec.decode(new byte[EventCodec.MAX_BYTES + 1]));
    }

    /** The schema of progress with a training record: every field named, the absent ones as null. */
    @Test
    void progressCarriesItsTrainingRecordInAFixedForm() {
        assertEquals("{\"type\":\"PruneProgressed/v2\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-26T12:00:00Z\","
                        + "\"jobId\":\"job-1\",\"percent\":60.0,\"stage\":\"round 2/4: epoch 1/2 done\",\"training\":{"
                        + "\"stage\":\"round 2/4 (sparsity 75.0%)\",\"round\":2,\"epoch\":1,\"epochs\":2,\"batch\":null,"
                        + "\"batches\":null,\"loss\":0.38,\"trainAccuracy\":0.87,\"heldOutAccuracy\":0.8912}}",
                EventCodec.encodeToString(oneOfEach.get(3)));
        assertEquals("{\"type\":\"PruneProgressed/v2\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-26T12:00:00Z\","
                        + "\"jobId\":\"job-1\",\"percent\":42.5,\"stage\":\"pruning\",\"training\":null}",
                EventCodec.encodeToString(oneOfEach.get(1)));
    }

    /** Events of version 1, written before training records, are still in topics and outboxes: they read as before. */
    @Test
    void progressOfVersionOneIsReadWithoutATrainingRecord() {
        String v1 = "{\"type\":\"PruneProgressed/v1\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"" + AT
                + "\",\"jobId\":\"job-1\",\"percent\":42.5,\"stage\":\"pruning\"}";
        assertEquals(new PruneProgressed(ID, AT, "job-1", 42.5, "pruning", null), EventCodec.decode(v1));
        assertMessage("PruneProgressed/v1 has no field 'training'", () -> EventCodec.decode(
                v1.replace("}", ",\"training\":null}")));
        assertMessage("percent must be in [0, 100]", () -> EventCodec.decode(v1.replace("42.5", "-1")));
        assertMessage("expected a JSON object", () -> EventCodec.decode("[1]"));
        assertMessage("expected a JSON object", () -> EventCodec.decode("  "));
    }

    /** A training record that cannot be: one case per kind of bad field, each read from the wire. */
    @Test
    void badTrainingRecordsAreRejectedWithTheReason() {
        String good = "\"stage\":\"fine-tuning\",\"round\":null,\"epoch\":1,\"epochs\":2,\"batch\":3,\"batches\":10,"
                + "\"loss\":0.5,\"trainAccuracy\":0.8,\"heldOutAccuracy\":null";
        assertEquals(TrainingRecord.batch("fine-tuning", null, 1, 2, 3, 10, 0.5, 0.8),
                ((PruneProgressed) EventCodec.decode(progressWith(good))).training());
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("training.stage is blank", good.replace("\"fine-tuning\"", "\" \""));
        bad.put("training.stage is missing", good.replace("\"fine-tuning\"", "null"));
        bad.put("training.round must be >= 1", good.replace("\"round\":null", "\"round\":0"));
        bad.put("training.epoch must be in 1..epochs", good.replace("\"epoch\":1", "\"epoch\":3"));
        bad.put("training.epoch must be in 1..epochs and epochs >= 1", good.replace("\"epochs\":2", "\"epochs\":0"));
        bad.put("come together", good.replace("\"batches\":10", "\"batches\":null"));
        bad.put("training.batch must be in 1..batches", good.replace("\"batch\":3", "\"batch\":11"));
        bad.put("training.loss must be a finite number >= 0, got -0.5", good.replace("0.5", "-0.5"));
        bad.put("training.loss must be a finite number >= 0, got NaN", good.replace("0.5", "\"NaN\""));
        bad.put("training.loss must be a finite number >= 0, got Infinity", good.replace("0.5", "\"Infinity\""));
        bad.put("training.trainAccuracy must be in [0, 1]", good.replace("0.8", "80"));
        bad.put("training.heldOutAccuracy must be in [0, 1]", good.replace("\"batch\":3,\"batches\":10", "\"batch\":null,"
                + "\"batches\":null").replace("\"heldOutAccuracy\":null", "\"heldOutAccuracy\":1.2"));
        bad.put("measured after an epoch", good.replace("\"heldOutAccuracy\":null", "\"heldOutAccuracy\":0.9"));
        bad.forEach((reason, fields) -> assertMessage(reason, () -> EventCodec.decode(progressWith(fields))));
        assertMessage("not a cardeck event", () -> EventCodec.decode(progressWith(good.replace("\"loss\"", "\"losses\""))));
        assertMessage("not a cardeck event", () -> EventCodec.decode(progressWith(good.replace(",\"heldOutAccuracy\":null", ""))));
        assertMessage("not a cardeck event", () -> EventCodec.decode(progressWith(good).replace(",\"training\":{" + good + "}", "")));
    }

    private static String progressWith(String trainingFields) {
        return "{\"type\":\"PruneProgressed/v2\",\"eventId\":\"" + ID + "\",\"occurredAt\":\"" + AT
                + "\",\"jobId\":\"j\",\"percent\":10,\"stage\":\"s\",\"training\":{" + trainingFields + "}}";
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
                        Topics.PRUNE_EVENTS, Topics.PRUNE_EVENTS, Topics.PRUNE_EVENTS, Topics.MODELS_READY, Topics.MODELS_READY, Topics.EVALUATION_EVENTS, Topics.EVALUATION_EVENTS,
                        Topics.EVALUATION_EVENTS, Topics.DECK_EVENTS, Topics.DECK_EVENTS),
                oneOfEach.stream().map(CardeckEvent::topic).toList());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        RuntimeException error = assertThrows(RuntimeException.class, call);
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
    }
}
