package io.cardeck.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret the internal services (pruner, evaluator, ensemble) share with their callers: the
 * gateway, each other, and the local command line. Every request but health must carry it in
 * {@link #HEADER}; the public API with its keys and roles is the gateway's alone.
 */
public final class ServiceCredential {

    public static final String HEADER = "X-Cardeck-Service-Credential";
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{32,256}");
    public static final String FORMAT_DESCRIPTION = "32 to 256 characters of A-Z, a-z, 0-9, '-' and '_'";
    private static final int RANDOM_BYTES = 32;

    private final String value;

    private ServiceCredential(String value) {
        this.value = value;
    }

    /** A new credential from {@code random}: 256 bits. */
    public static ServiceCredential generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new ServiceCredential(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** @throws IllegalArgumentException for a credential too short or of other characters (never repeating it) */
    public static ServiceCredential parse(String text) {
        if (text == null || !FORMAT.matcher(text.strip()).matches()) {
            throw new IllegalArgumentException("a service credential must be " + FORMAT_DESCRIPTION);
        }
        return new ServiceCredential(text.strip());
    }

    /**
     * Why a request to an internal service is refused; empty when it may proceed.
     *
     * @param presented the {@link #HEADER} of the request, null when absent
     */
    public Optional<String> refusal(String path, String presented) {
        if (path.equals("/q/health") || path.startsWith("/q/health/")) {
            return Optional.empty();
        }
        if (presented == null) {
            return Optional.of("this is an internal service: it answers the gateway and the other cardeck services"
                    + " only (the " + HEADER + " header is missing); use the gateway's API");
        }
        boolean equal = MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                presented.strip().getBytes(StandardCharsets.US_ASCII));
        return equal ? Optional.empty() : Optional.of("the " + HEADER + " header does not match this platform's credential");
    }

    /** The credential itself, for the callers' configuration. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "ServiceCredential[hidden]";
    }
}
