package io.cardeck.evaluator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdTextTest {

    @Test
    void parsesCanonicalUuidsInEitherCase() {
        assertEquals(new UUID(0x3f2a1c9e8b7d4e6fL, 0x9a0b1c2d3e4f5a6bL),
                IdText.parse("3F2A1C9E-8B7D-4E6F-9A0B-1C2D3E4F5A6B", "a model"));
    }

    @Test
    void refusesWhatUuidFromStringWouldStretch() {
        // UUID.fromString accepts these short groups; an id must be the 36-character form.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> IdText.parse("1-2-3-4-5", "an evaluation"));
        assertTrue(error.getMessage().contains("not an evaluation id"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdText.parse("model-42", "a model"));
        assertThrows(IllegalArgumentException.class, () -> IdText.parse("", "a model"));
        assertThrows(IllegalArgumentException.class, () -> IdText.parse(null, "a model"));
        assertThrows(IllegalArgumentException.class, () -> IdText.parse("3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b ", "a model"));
    }
}
