package io.cardeck.access;

import java.util.Optional;

/** The API key a request presents: {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. */
public final class PresentedCredential {

    public static final String AUTHORIZATION = "Authorization";
    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    private PresentedCredential() {
    }

    /**
     * The key of a request's headers (null when absent); empty when neither header is sent.
     *
     * @throws InvalidApiKeyException for an Authorization header of another scheme, a key of the wrong
     *     format, or two different keys in the two headers
     */
    public static Optional<ApiKey> read(String authorization, String apiKeyHeader) {
        Optional<ApiKey> bearer = Optional.ofNullable(authorization).map(PresentedCredential::bearer);
        Optional<ApiKey> header = Optional.ofNullable(apiKeyHeader).map(String::strip).map(ApiKey::parse);
        if (bearer.isPresent() && header.isPresent() && !bearer.get().equals(header.get())) {
            throw new InvalidApiKeyException(AUTHORIZATION + " and " + API_KEY_HEADER + " carry different keys; send one");
        }
        return bearer.or(() -> header);
    }

    private static ApiKey bearer(String authorization) {
        String value = authorization.strip();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new InvalidApiKeyException(AUTHORIZATION + " must be 'Bearer <API key>'"
                    + (value.contains(" ") ? ", not the " + value.substring(0, value.indexOf(' ')) + " scheme" : ""));
        }
        return ApiKey.parse(value.substring(BEARER.length()).strip());
    }
}
