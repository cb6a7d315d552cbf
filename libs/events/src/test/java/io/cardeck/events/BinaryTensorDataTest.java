package io.cardeck.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BinaryTensorDataTest {

    @Test
    void anAbsentHeaderMeansAllJson() {
        assertEquals(OptionalInt.empty(), BinaryTensorData.headerLength(null));
    }

    @Test
    void aByteCountIsRead() {
        assertEquals(OptionalInt.of(0), BinaryTensorData.headerLength("0"));
        assertEquals(OptionalInt.of(100), BinaryTensorData.headerLength(" 100 "));
    }

    @Test
    void otherHeaderValuesAreRefusedSayingWhatIsAccepted() {
        for (String bad : new String[] {"", "ten", "-1", "1.5", "99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinaryTensorData.headerLength(bad), bad);
            assertTrue(e.getMessage().contains("a whole number >= 0"), e.getMessage());
        }
    }

    @Test
    void valuesFollowTheJsonLittleEndian() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] body = BinaryTensorData.body(json, new float[] {1.0f, -2.5f});
        assertArrayEquals(json, Arrays.copyOf(body, json.length));
        // 1.0f is 0x3F800000: least significant byte first.
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, Arrays.copyOfRange(body, json.length, json.length + 4));
        assertArrayEquals(new float[] {1.0f, -2.5f}, BinaryTensorData.values(body, json.length));
    }

    @Test
    void aPartialValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BinaryTensorData.values(new byte[] {1, 2, 3, 4, 5, 6}, 1));
        assertTrue(e.getMessage().contains("multiple of 4 bytes, got 5 bytes"), e.getMessage());
    }
}
