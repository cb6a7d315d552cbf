package io.cardeck.cli;

import io.cardeck.access.ApiKey;
import io.cardeck.access.InvalidApiKeyException;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The API key a command sends to the gateway: {@code --api-key}, else {@code $CARDECK_API_KEY}. */
final class GatewayKeyOption {

    static final String ENVIRONMENT = "CARDECK_API_KEY";

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "The API key sent to the gateway (default: $" + ENVIRONMENT + ", which keeps the key out of the"
                    + " process list).")
    String apiKey;

    /** @throws IllegalArgumentException for a key that is not of cardeck's format, saying which */
    Optional<ApiKey> key() {
        String text = apiKey != null ? apiKey : System.getenv(ENVIRONMENT);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ApiKey.parse(text.strip()));
        } catch (InvalidApiKeyException e) {
            throw new IllegalArgumentException((apiKey != null ? "--api-key" : "$" + ENVIRONMENT) + ": " + e.getMessage(), e);
        }
    }
}
