package io.cardeck.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BinaryTensorHeaderTest {

    @Test
    void anAbsentHeaderMeansAllJson() {
        assertEquals(OptionalInt.empty(), BinaryTensorHeader.parse(null));
    }

    @Test
    void aByteCountIsRead() {
        assertEquals(OptionalInt.of(0), BinaryTensorHeader.parse("0"));
        assertEquals(OptionalInt.of(100), BinaryTensorHeader.parse(" 100 "));
    }

    @Test
    void otherValuesAreRefusedSayingWhatIsAccepted() {
        for (String bad : new String[] {"", "ten", "-1", "1.5", "99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinaryTensorHeader.parse(bad), bad);
            assertTrue(e.getMessage().contains("a whole number >= 0"), e.getMessage());
        }
    }
}
