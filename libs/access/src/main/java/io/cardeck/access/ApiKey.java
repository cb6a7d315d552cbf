package io.cardeck.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An API key: {@code cdk_} and 43 URL-safe base64 characters, 256 random bits. Only its SHA-256 is
 * stored; a fast hash is enough because the key is random, not chosen by a person, so there is no
 * dictionary to try and 2^256 guesses are out of reach however fast each one is.
 */
public final class ApiKey {

    public static final String PREFIX = "cdk_";
    private static final int RANDOM_BYTES = 32;
    private static final int ENCODED_LENGTH = 43;
    private static final Pattern FORMAT = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{" + ENCODED_LENGTH + "}");
    /** How much of a key may be shown (lists, logs): the prefix and 6 characters, 36 bits of 256. */
    private static final int SHOWN_LENGTH = PREFIX.length() + 6;
    public static final String FORMAT_DESCRIPTION = "an API key is '" + PREFIX + "' followed by " + ENCODED_LENGTH
            + " characters of A-Z, a-z, 0-9, '-' and '_' (as `cardeck keys create` prints it)";

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** A new key from {@code random}. */
    public static ApiKey generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new ApiKey(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** @throws InvalidApiKeyException if {@code text} is not of the format, saying what the format is */
    public static ApiKey parse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            throw new InvalidApiKeyException("the credential is not an API key: " + FORMAT_DESCRIPTION);
        }
        return new ApiKey(text);
    }

    /**
     * The key a setting holds (a configured admin or metrics key).
     *
     * @param property the setting's name, e.g. {@code cardeck.gateway.admin-key}
     * @throws IllegalArgumentException naming the setting and its environment variable and saying what the format
     *     is, never repeating the value
     */
    public static ApiKey ofSetting(String property, String text) {
        try {
            return parse(text.strip());
        } catch (InvalidApiKeyException e) {
            String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            throw new IllegalArgumentException(property + " (" + variable + ") is malformed: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of the key, lower-case hex: what is stored and looked up. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The first characters, to tell keys apart in lists without revealing them. */
    public String shownPrefix() {
        return value.substring(0, SHOWN_LENGTH);
    }

    /** The key itself, to give to its owner once. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.US_ASCII), key.value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Never the key: a key that reaches a log or an exception message by accident stays secret. */
    @Override
    public String toString() {
        return shownPrefix() + "...";
    }
}
