package io.cardeck.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelDigestTest {

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    /** FIPS 180-2's example: SHA-256 of "abc". */
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void theDigestIsLowercaseHex() {
        assertEquals(ABC_SHA256, ModelDigest.sha256(ABC));
    }

    @Test
    void bytesWithTheAnnouncedDigestPass() {
        assertSame(ABC, ModelDigest.verified(ABC, ABC_SHA256, actual -> new IllegalStateException("mismatch: " + actual)));
    }

    @Test
    void otherBytesFailWithTheCallersExceptionNamingTheirDigest() {
        String announced = "0".repeat(64);
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> ModelDigest.verified(ABC,
                announced, actual -> new IllegalArgumentException("served " + actual + ", announced " + announced)));
        assertEquals("served " + ABC_SHA256 + ", announced " + announced, failure.getMessage());
    }
}
