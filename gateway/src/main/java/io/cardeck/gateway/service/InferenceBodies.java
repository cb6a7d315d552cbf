package io.cardeck.gateway.service;

import io.cardeck.events.BinaryTensorData;
import java.util.OptionalInt;

/**
 * The one check the gateway makes on an inference body: its binary-data header (the body itself is
 * the ensemble-service's to validate).
 */
public final class InferenceBodies {

    private InferenceBodies() {}

    /**
     * The JSON header's length of a body of {@code bodyLength} bytes, empty when all of it is JSON.
     *
     * @throws InvalidInputException when {@code header} is not a whole number from 0 to {@code bodyLength}
     */
    public static OptionalInt headerLength(String header, int bodyLength) {
        OptionalInt length;
        try {
            length = BinaryTensorData.headerLength(header);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        if (length.isPresent() && length.getAsInt() > bodyLength) {
            throw new InvalidInputException(BinaryTensorData.HEADER + " is " + length.getAsInt() + ", but the body holds only "
                    + bodyLength + " bytes; it must be the byte length of the JSON part at the start of the body");
        }
        return length;
    }
}
