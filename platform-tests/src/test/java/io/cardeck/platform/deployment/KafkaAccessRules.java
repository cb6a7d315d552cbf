package io.cardeck.platform.deployment;

import io.cardeck.devstack.KafkaAcls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's side of who may do what, the same in Compose and Kubernetes (docs/security.md): the broker
 * lets no client in without a login and allows only what an ACL allows, and the set-up script that
 * gives each service its user and ACLs is the one generated from libs/events' TopicAccess.
 */
final class KafkaAccessRules {

    /** The set-up script, beside the manifests because kustomize reads files below its kustomization only. */
    static final String SCRIPT = DeploymentFiles.KUBERNETES_BASE + "/kafka-access.sh";
    /** The broker's service: the services' KAFKA_BOOTSTRAP_SERVERS point at it. */
    static final String BROKER = "kafka";
    static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final List<String> LOGIN_PROTOCOLS = List.of("SASL_PLAINTEXT", "SASL_SSL");
    private static final Pattern PASSWORD = Pattern.compile("(password|user_\\w+)=\"([^\"]*)\"");

    private KafkaAccessRules() {}

    /**
     * The broker's settings (the apache/kafka image's KAFKA_* variables; values from a Secret are null):
     * every listener needs a login, the StandardAuthorizer decides, nothing is allowed without an ACL,
     * and no password is written in the file.
     */
    static void checkBroker(Problems problems, String where, Map<String, String> environment) {
        String listeners = environment.getOrDefault("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "");
        if (listeners.isEmpty()) {
            problems.add(where, "the broker maps no listener to a security protocol (KAFKA_LISTENER_SECURITY_PROTOCOL_MAP),"
                    + " so clients need no login");
        }
        for (String listener : listeners.split(",")) {
            String[] parts = listener.trim().split(":");
            if (parts.length == 2 && !LOGIN_PROTOCOLS.contains(parts[1])) {
                problems.add(where, "the broker's listener " + parts[0] + " is " + parts[1] + ": clients need no login there;"
                        + " accepted: " + String.join(" or ", LOGIN_PROTOCOLS));
            }
        }
        if (!AUTHORIZER.equals(environment.get("KAFKA_AUTHORIZER_CLASS_NAME"))) {
            problems.add(where, "the broker has no authorizer (KAFKA_AUTHORIZER_CLASS_NAME " + AUTHORIZER
                    + "), so every client may do everything");
        }
        if (!"false".equals(environment.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"))) {
            problems.add(where, "the broker does not set KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND to false, so what no ACL"
                    + " names is allowed to everyone");
        }
        environment.forEach((name, value) -> {
            if (name.endsWith("_SASL_JAAS_CONFIG") && value != null) {
                Matcher password = PASSWORD.matcher(value);
                while (password.find()) {
                    if (!password.group(2).startsWith("${") && !password.group(2).startsWith("$(")) {
                        problems.add(where, "the broker's " + name + " holds a password written in the file; take it from"
                                + " the environment (compose ${...}) or a Secret (Kubernetes $(VAR))");
                    }
                }
            }
        });
    }

    /**
     * The set-up script is the one {@link KafkaAcls#setupScript()} generates from the table; when it is
     * not, the expected one is written to {@code target/kafka-access.sh} to copy from.
     */
    static void checkScript(Problems problems, DeploymentFiles files) throws IOException {
        Path script = files.resolve(SCRIPT);
        if (!Files.isRegularFile(script)) {
            problems.add(SCRIPT, "is missing: the services would get no Kafka users or ACLs");
            return;
        }
        String expected = KafkaAcls.setupScript();
        if (!Files.readString(script).equals(expected)) {
            Path generated = Files.createDirectories(Path.of("target")).resolve("kafka-access.sh");
            Files.writeString(generated, expected);
            problems.add(SCRIPT, "is not what KafkaAcls generates from libs/events' TopicAccess; copy "
                    + generated.toAbsolutePath() + " over it");
        }
    }
}
