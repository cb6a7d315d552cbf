package io.cardeck.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class InferenceBodiesTest {

    @Test
    void aHeaderWithinTheBodyIsPassedOn() {
        assertEquals(OptionalInt.empty(), InferenceBodies.headerLength(null, 100));
        assertEquals(OptionalInt.of(100), InferenceBodies.headerLength("100", 100));
    }

    @Test
    void aHeaderThatIsNoByteCountOrLongerThanTheBodyIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> InferenceBodies.headerLength("x", 100));
        assertTrue(e.getMessage().contains("a whole number >= 0"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> InferenceBodies.headerLength("101", 100));
        assertTrue(e.getMessage().contains("the body holds only 100 bytes"), e.getMessage());
    }
}
