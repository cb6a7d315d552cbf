package io.cardeck.pruning;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Asserts that a request is refused as invalid (a 400 at the gateway) with a message that says why. */
public final class Refusals {

    private Refusals() {}

    public static void assertRefused(String expected, Executable call) {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, call);
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
    }
}
