package io.cardeck.pruner.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.events.EventCodec;
import io.cardeck.events.EventFormatException;
import io.cardeck.events.PruneFailed;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.TopicAccess;
import io.cardeck.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PruneRequestConsumerTest {

    private static final PruneRequested REQUEST = new PruneRequested(UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05Z"),
            UUID.randomUUID().toString(), UUID.randomUUID().toString(), "magnitude", Map.of("sparsity", 0.5));

    @Test
    void aPruneRequestedOfTheGatewayIsDecoded() {
        assertEquals(REQUEST, PruneRequestConsumer.decode(record(TopicAccess.GATEWAY, EventCodec.encode(REQUEST))));
    }

    @Test
    void anythingElseIsAnEventFormatExceptionSayingWhy() {
        EventFormatException junk = assertThrows(EventFormatException.class,
                () -> PruneRequestConsumer.decode(record(TopicAccess.GATEWAY, "hello".getBytes(StandardCharsets.UTF_8))));
        assertTrue(junk.getMessage().startsWith("not a cardeck event"), junk.getMessage());
        byte[] otherEvent = EventCodec.encode(new PruneFailed(UUID.randomUUID(), Instant.now(), "job", "boom"));
        EventFormatException wrongType = assertThrows(EventFormatException.class,
                () -> PruneRequestConsumer.decode(record(TopicAccess.GATEWAY, otherEvent)));
        assertEquals("PruneFailed does not belong on cardeck.prune.requests (it is published on cardeck.prune.events)",
                wrongType.getMessage());
        EventFormatException forged = assertThrows(EventFormatException.class,
                () -> PruneRequestConsumer.decode(record(TopicAccess.EVALUATOR, EventCodec.encode(REQUEST))));
        assertTrue(forged.getMessage().endsWith("it was written by 'evaluator-service', which may not write"
                + " cardeck.prune.requests; only gateway does"), forged.getMessage());
    }

    private static ConsumerRecord<String, byte[]> record(String writer, byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.PRUNE_REQUESTS, 0, 0, "key", value);
        record.headers().add(TopicAccess.WRITER_HEADER, writer.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
