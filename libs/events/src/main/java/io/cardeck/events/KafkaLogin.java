package io.cardeck.events;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A service's login to the broker: a SCRAM-SHA-512 user over SASL, as the Kafka client settings
 * that carry it. The password's alphabet keeps it safe inside a JAAS string and in
 * {@code kafka-configs.sh}' {@code SCRAM-SHA-512=[password=...]}; no message ever repeats it.
 */
public record KafkaLogin(String username, String password) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";
    /** What a password may hold: 16 to 256 characters of base64 (standard or URL-safe) and {@code .~}. */
    public static final String PASSWORD_FORMAT = "16 to 256 characters from A-Z a-z 0-9 + / = - _ . ~";

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9+/=_.~-]{16,256}");

    public KafkaLogin {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("Kafka username '" + username + "' is not accepted; expected 1 to 63"
                    + " characters from a-z 0-9 and '-', starting with a letter or digit (the service's name)");
        }
        if (password == null || !PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("the Kafka password of " + username + " is not accepted"
                    + (password == null ? " (none given)" : " (" + password.length() + " characters)")
                    + "; expected " + PASSWORD_FORMAT);
        }
    }

    /** A login with 256 random bits as its password (URL-safe base64, 43 characters). */
    public static KafkaLogin generate(String username, SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new KafkaLogin(username, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The Kafka client settings that log in as this user: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}. */
    public Map<String, Object> clientSettings() {
        return Map.of(
                "security.protocol", SECURITY_PROTOCOL,
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + username + "\" password=\"" + password + "\";");
    }

    /** Names the user only: a login printed by accident shows no password. */
    @Override
    public String toString() {
        return "KafkaLogin[" + username + "]";
    }
}
