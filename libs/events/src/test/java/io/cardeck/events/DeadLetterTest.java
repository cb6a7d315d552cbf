package io.cardeck.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final PruneRequested REQUEST = new PruneRequested(UUID.randomUUID(), Instant.parse("2026-12-07T09:00:00Z"),
            UUID.randomUUID().toString(), UUID.randomUUID().toString(), "magnitude", Map.of("sparsity", 0.5));

    @Test
    void anIdIsWrittenAndReadAsTopicPartitionAndOffset() {
        DeadLetterId id = DeadLetterId.parse("cardeck.prune.requests.dlq:2:17");
        assertEquals(new DeadLetterId("cardeck.prune.requests.dlq", 2, 17), id);
        assertEquals("cardeck.prune.requests", id.originalTopic());
        assertEquals("cardeck.prune.requests.dlq:2:17", id.toString());
    }

    @Test
    void aMalformedIdSaysWhatIsAccepted() {
        assertMessage("dead letter id 'x' is not of the form <dead-letter topic>:<partition>:<offset>, e.g."
                + " cardeck.prune.requests.dlq:0:17", "x");
        assertMessage("(partition and offset are numbers)", "cardeck.prune.requests.dlq:zero:17");
        assertMessage("'cardeck.prune.requests' is not a dead-letter topic; accepted: cardeck.prune.requests.dlq,"
                + " cardeck.prune.events.dlq, cardeck.models.ready.dlq", "cardeck.prune.requests:0:1");
        assertMessage("partition and offset must be >= 0, got 0 and -1", "cardeck.models.ready.dlq:0:-1");
    }

    @Test
    void anEventOfItsOwnTopicIsReplayable() {
        assertEquals(Optional.empty(), letter(Topics.PRUNE_REQUESTS, EventCodec.encode(REQUEST)).whyNotReplayable());
    }

    @Test
    void whatWouldOnlyBeDeadLetteredAgainIsNot() {
        String wrongTopic = letter(Topics.PRUNE_EVENTS, EventCodec.encode(REQUEST)).whyNotReplayable().orElseThrow();
        assertEquals("its payload is a PruneRequested, which belongs on cardeck.prune.requests, not cardeck.prune.events",
                wrongTopic);
        String junk = letter(Topics.PRUNE_REQUESTS, "not json".getBytes(StandardCharsets.UTF_8)).whyNotReplayable()
                .orElseThrow();
        assertTrue(junk.startsWith("its payload is not a cardeck event ("), junk);
        String forged = letter(Topics.PRUNE_REQUESTS, TopicAccess.ENSEMBLE, EventCodec.encode(REQUEST)).whyNotReplayable()
                .orElseThrow();
        assertEquals("it was written by 'ensemble-service', which may not write cardeck.prune.requests; only gateway does",
                forged);
        String anonymous = letter(Topics.PRUNE_REQUESTS, null, EventCodec.encode(REQUEST)).whyNotReplayable().orElseThrow();
        assertTrue(anonymous.startsWith("its record names no writer (header cardeck-writer)"), anonymous);
    }

    private static DeadLetter letter(String topic, byte[] payload) {
        return letter(topic, TopicAccess.writer(topic), payload);
    }

    private static DeadLetter letter(String topic, String writer, byte[] payload) {
        return new DeadLetter(new DeadLetterId(Topics.deadLetter(topic), 0, 0), "k", writer, "reason", Instant.EPOCH, payload);
    }

    private static void assertMessage(String expected, String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeadLetterId.parse(id));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
