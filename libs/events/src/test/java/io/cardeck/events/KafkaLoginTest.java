package io.cardeck.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaLoginTest {

    @Test
    void aLoginBecomesScramClientSettings() {
        Map<String, Object> settings = new KafkaLogin("pruner-service", "0123456789abcdef-_").clientSettings();
        assertEquals("SASL_PLAINTEXT", settings.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", settings.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"pruner-service\""
                + " password=\"0123456789abcdef-_\";", settings.get("sasl.jaas.config"));
    }

    @Test
    void generatedPasswordsAreLongRandomAndAccepted() {
        SecureRandom random = new SecureRandom();
        KafkaLogin first = KafkaLogin.generate("gateway", random);
        KafkaLogin second = KafkaLogin.generate("gateway", random);
        assertEquals(43, first.password().length());
        assertNotEquals(first.password(), second.password());
    }

    @Test
    void badUsernamesAndPasswordsAreRefusedWithoutShowingThePassword() {
        IllegalArgumentException user = assertThrows(IllegalArgumentException.class,
                () -> new KafkaLogin("Pruner Service", "0123456789abcdef"));
        assertTrue(user.getMessage().startsWith("Kafka username 'Pruner Service' is not accepted; expected 1 to 63"),
                user.getMessage());
        for (String bad : new String[] {"short", "quote\"0123456789abcdef", "comma,0123456789abcdef", "x".repeat(257)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KafkaLogin("gateway", bad));
            assertTrue(e.getMessage().startsWith("the Kafka password of gateway is not accepted ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("expected " + KafkaLogin.PASSWORD_FORMAT), e.getMessage());
            assertFalse(e.getMessage().contains(bad), e.getMessage());
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new KafkaLogin("gateway", null));
        assertTrue(none.getMessage().contains("(none given)"), none.getMessage());
    }

    @Test
    void aLoginPrintsItsUserOnly() {
        assertEquals("KafkaLogin[gateway]", new KafkaLogin("gateway", "0123456789abcdefXYZ").toString());
    }
}
