package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PageFaultsTest {

    @Test
    void minorFaultsAreTheTenthFieldCountedFromTheEndOfTheCommandName() {
        // a command name may hold spaces and ')' itself
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 98765 12 3 0 150 20 0 0 20 0 22 0 1234 8000000 2000";

        assertEquals(98765, PageFaults.parseMinor(stat));
    }

    @Test
    void perStepDividesTheDifferenceAndIsNaNWithoutBothCounts() {
        assertEquals(250.0, PageFaults.perStep(OptionalLong.of(1000), OptionalLong.of(2000), 4), 1e-12);
        assertTrue(Double.isNaN(PageFaults.perStep(OptionalLong.empty(), OptionalLong.of(2000), 4)));
    }

    @Test
    void countsThisProcessesFaults() {
        // the build machines run Linux; a running JVM has mapped many pages, and the count never goes down
        long first = PageFaults.minor().orElseThrow();
        long second = PageFaults.minor().orElseThrow();

        assertTrue(first > 0 && second >= first, first + " then " + second);
    }

    @Test
    void rejectsLinesThatAreNotAProcessStatLine() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PageFaults.parseMinor("cpu 1 2 3"));
        assertTrue(error.getMessage().contains("is not a /proc/<pid>/stat line"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PageFaults.parseMinor("1 (x) S 1 1 1 0 -1 0 many 0"));
    }
}
