package io.cardeck.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.events.DeadLetterId;
import io.cardeck.devstack.LoopbackPorts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broker that does not answer is the bus being unavailable (503), not an internal error. */
class DeadLetterTopicsTest {

    @Test
    void aBrokerThatDoesNotAnswerIsUnavailable() {
        int closedPort = LoopbackPorts.free();
        DeadLetterTopics topics = new DeadLetterTopics(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort));
        BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class,
                () -> topics.find(DeadLetterId.parse("cardeck.prune.requests.dlq:0:0")));
        assertEquals("the event bus (Kafka) is unavailable; try again later", e.getMessage());
        assertTrue(e.logDetail().startsWith("Kafka is unavailable: cannot read cardeck.prune.requests.dlq:0:0"),
                e.logDetail());
        topics.close();
    }
}
