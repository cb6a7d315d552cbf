package io.cardeck.outbox.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.events.KafkaLogin;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    @Test
    void aPasswordLogsInAsTheServiceItself() {
        assertEquals(Optional.of(new KafkaLogin("evaluator-service", "0123456789abcdef_-")),
                KafkaClientSettings.login("evaluator-service", Optional.of("0123456789abcdef_-")));
    }

    @Test
    void withoutAPasswordThereIsNoLogin() {
        assertEquals(Optional.empty(), KafkaClientSettings.login("gateway", Optional.empty()));
        assertEquals(Optional.empty(), KafkaClientSettings.login("gateway", Optional.of("  ")));
    }

    @Test
    void aPasswordThatIsNotAcceptedStopsTheServiceNamingTheSettingButNotTheValue() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> KafkaClientSettings.login("gateway", Optional.of("pass word \"quoted\"")));
        assertTrue(refused.getMessage().startsWith("invalid configuration: cardeck.kafka.password (CARDECK_KAFKA_PASSWORD):"
                + " the Kafka password of gateway is not accepted (18 characters); expected 16 to 256 characters"), refused.getMessage());
        assertFalse(refused.getMessage().contains("quoted"), refused.getMessage());
    }
}
