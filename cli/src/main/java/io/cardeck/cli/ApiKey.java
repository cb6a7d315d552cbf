package io.cardeck.cli;

import picocli.CommandLine.Option;

/**
 * The caller's API key for the platform, from {@code --api-key} or {@code CARDECK_API_KEY}. The
 * environment is read here rather than through a picocli default so that no key ever shows in help.
 */
final class ApiKey {

    static final String VARIABLE = "CARDECK_API_KEY";

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Sent to the gateway as 'Authorization: Bearer KEY' (default: $" + VARIABLE + ", none when unset).")
    String key;

    /** The key to send; null when there is none. */
    String value() {
        String chosen = key != null ? key : System.getenv(VARIABLE);
        return chosen == null || chosen.isBlank() ? null : chosen;
    }
}
