package io.cardeck.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A prune request sent with an {@code Idempotency-Key}: who sent it, the key, and the SHA-256 of
 * what it asked for (its canonical JSON: keys sorted at every level), so that a retry is told apart
 * from another request that reuses the key.
 */
public record IdempotentRequest(String caller, String key, String requestSha256) {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * Empty when no key was sent.
     *
     * @throws InvalidInputException for a key that is empty, longer than 200 characters or not visible ASCII
     */
    public static Optional<IdempotentRequest> of(String caller, String header, PruneJobRequest request) {
        if (header == null) {
            return Optional.empty();
        }
        if (!KEY.matcher(header).matches()) {
            throw new InvalidInputException(HEADER + " must be 1 to 200 visible ASCII characters (e.g. a UUID), got "
                    + (header.isEmpty() ? "an empty value" : header.length() + " characters"));
        }
        return Optional.of(new IdempotentRequest(caller, header, sha256(request)));
    }

    private static String sha256(PruneJobRequest request) {
        try {
            byte[] canonical = CANONICAL.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed prune request is always JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
