package io.cardeck.events;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/**
 * The Open Inference Protocol's binary tensor data extension, as every part of cardeck reads and
 * writes it (the ensemble-service, the gateway, the command line): a body starts with a JSON object
 * of {@link #HEADER} bytes, and tensor data follows it as little-endian values, row-major.
 */
public final class BinaryTensorData {

    /** The header that gives the byte length of the JSON part of a body. */
    public static final String HEADER = "Inference-Header-Content-Length";

    private BinaryTensorData() {}

    /**
     * The {@link #HEADER} value, empty when absent.
     *
     * @throws IllegalArgumentException when present and not a whole number >= 0, saying what is accepted
     */
    public static OptionalInt headerLength(String value) {
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
        throw new IllegalArgumentException(HEADER + " must be the byte length of the JSON part of the body (a whole number"
                + " >= 0), got '" + value + "'");
    }

    /** A body: {@code json}, then {@code values} as little-endian FP32. */
    public static byte[] body(byte[] json, float[] values) {
        ByteBuffer body = ByteBuffer.allocate(json.length + values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        body.put(json).asFloatBuffer().put(values);
        return body.array();
    }

    /**
     * The little-endian FP32 values of {@code bytes} from {@code offset} to the end.
     *
     * @throws IllegalArgumentException when those bytes are not a whole number of values
     */
    public static float[] values(byte[] bytes, int offset) {
        int length = bytes.length - offset;
        if (offset < 0 || length < 0 || length % Float.BYTES != 0) {
            throw new IllegalArgumentException("binary FP32 data must be a multiple of " + Float.BYTES + " bytes, got "
                    + length + " bytes after a JSON part of " + offset);
        }
        float[] values = new float[length / Float.BYTES];
        ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
