package io.cardeck.pruner.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.events.EventCodec;
import io.cardeck.events.EventFormatException;
import io.cardeck.events.PruneFailed;
import io.cardeck.events.PruneRequested;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PruneRequestConsumerTest {

    @Test
    void aPruneRequestedIsDecoded() {
        PruneRequested request = new PruneRequested(UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05Z"),
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), "magnitude", Map.of("sparsity", 0.5));
        assertEquals(request, PruneRequestConsumer.decode(EventCodec.encode(request)));
    }

    @Test
    void anythingElseIsAnEventFormatExceptionSayingWhy() {
        EventFormatException junk = assertThrows(EventFormatException.class,
                () -> PruneRequestConsumer.decode("hello".getBytes(StandardCharsets.UTF_8)));
        assertTrue(junk.getMessage().startsWith("not a cardeck event"), junk.getMessage());
        byte[] otherEvent = EventCodec.encode(new PruneFailed(UUID.randomUUID(), Instant.now(), "job", "boom"));
        EventFormatException wrongType = assertThrows(EventFormatException.class, () -> PruneRequestConsumer.decode(otherEvent));
        assertEquals("a PruneFailed event on cardeck.prune.requests, which carries PruneRequested/v1 only", wrongType.getMessage());
    }
}
