package io.cardeck.onnx;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * The SHA-256 that names a model's bytes across the platform (the registry, the events, the zoo
 * manifest), in lowercase hex, and the check that fetched bytes are the ones announced.
 */
public final class ModelDigest {

    private ModelDigest() {
    }

    /** SHA-256 of {@code bytes}, lowercase hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }

    /**
     * {@code bytes} when their SHA-256 is {@code expected}; otherwise throws what {@code mismatch}
     * makes of their actual SHA-256, so each caller reports it in its own terms.
     */
    public static byte[] verified(byte[] bytes, String expected, Function<String, ? extends RuntimeException> mismatch) {
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw mismatch.apply(actual);
        }
        return bytes;
    }
}
