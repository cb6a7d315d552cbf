package io.cardeck.events;

import java.util.OptionalInt;

/**
 * The Open Inference Protocol's binary tensor data extension header: a body that carries tensor data
 * in binary starts with a JSON part of this many bytes. Read the same way wherever it arrives (the
 * gateway, the ensemble-service).
 */
public final class BinaryTensorHeader {

    public static final String NAME = "Inference-Header-Content-Length";

    private BinaryTensorHeader() {}

    /**
     * The header's value, empty when absent.
     *
     * @throws IllegalArgumentException when present and not a whole number >= 0, saying what is accepted
     */
    public static OptionalInt parse(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int length = Integer.parseInt(value.strip());
            if (length >= 0) {
                return OptionalInt.of(length);
            }
        } catch (NumberFormatException e) {
            // answered below, with what is accepted
        }
        throw new IllegalArgumentException(NAME + " must be the byte length of the JSON part of the body (a whole number"
                + " >= 0), got '" + value + "'");
    }
}
