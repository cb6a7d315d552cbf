package io.cardeck.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceCredentialTest {

    private final ServiceCredential credential = ServiceCredential.generate(new SecureRandom());

    @Test
    void onlyTheSameCredentialPassesAndHealthNeedsNone() {
        assertEquals(Optional.empty(), credential.refusal("/models", credential.reveal()));
        assertEquals(Optional.empty(), credential.refusal("/q/health/ready", null));
        assertTrue(credential.refusal("/models", null).orElseThrow().startsWith("this is an internal service"));
        String other = ServiceCredential.generate(new SecureRandom()).reveal();
        assertEquals(Optional.of("the X-Cardeck-Service-Credential header does not match this platform's credential"),
                credential.refusal("/models", other));
        assertTrue(credential.refusal("/q/metrics", "").isPresent());
    }

    @Test
    void aShortOrStrangeCredentialIsRefusedWithoutRepeatingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServiceCredential.parse("secret"));
        assertFalse(refused.getMessage().contains("secret"));
        assertThrows(IllegalArgumentException.class, () -> ServiceCredential.parse("a".repeat(31)));
        assertThrows(IllegalArgumentException.class, () -> ServiceCredential.parse("a".repeat(40) + "!"));
        assertEquals("a".repeat(32), ServiceCredential.parse(" " + "a".repeat(32) + "\n").reveal());
        assertFalse(credential.toString().contains(credential.reveal()));
    }
}
