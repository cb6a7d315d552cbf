package io.cardeck.devstack;

import io.cardeck.events.KafkaLogin;
import io.cardeck.events.TopicAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The broker's users and ACLs of the platform's services, generated from {@link TopicAccess}: each
 * service may write only the topics it writes there and read only those it reads, create those topics
 * (they are created on first use), and use the consumer groups whose names start with its own.
 * {@link #apply} sets them on a running broker ({@code ./cardeck up}, the tests); {@link #setupScript()}
 * does the same with Kafka's own command-line tools, for Docker Compose and Kubernetes.
 */
public final class KafkaAcls {

    /** SCRAM-SHA-512's least iteration count, as Kafka's tools default to. */
    static final int SCRAM_ITERATIONS = 4096;
    /** The super user's password in the set-up script's environment. */
    public static final String ADMIN_PASSWORD_VARIABLE = "CARDECK_KAFKA_ADMIN_PASSWORD";

    private KafkaAcls() {}

    /** The principal of a service: its name as a SCRAM user. */
    public static String principal(String service) {
        return "User:" + service;
    }

    /** The variable that holds a service's Kafka password where its deployment is set up, e.g. {@code CARDECK_KAFKA_PASSWORD_PRUNER_SERVICE}. */
    public static String passwordVariable(String service) {
        TopicAccess.consumerGroupPrefix(service);
        return "CARDECK_KAFKA_PASSWORD_" + service.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Every ACL of {@code service}, in a stable order. */
    public static List<AclBinding> of(String service) {
        Map<String, Set<AclOperation>> topics = new TreeMap<>();
        for (String topic : TopicAccess.writes(service)) {
            topics.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(List.of(AclOperation.WRITE, AclOperation.CREATE));
        }
        for (String topic : TopicAccess.reads(service)) {
            topics.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(List.of(AclOperation.READ, AclOperation.CREATE));
        }
        List<AclBinding> bindings = new ArrayList<>();
        topics.forEach((topic, operations) -> operations.forEach(operation ->
                bindings.add(allow(service, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), operation))));
        bindings.add(allow(service, new ResourcePattern(ResourceType.GROUP, TopicAccess.consumerGroupPrefix(service),
                PatternType.PREFIXED), AclOperation.READ));
        return bindings;
    }

    private static AclBinding allow(String service, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry(principal(service), "*", operation, AclPermissionType.ALLOW));
    }

    /**
     * Gives each service of {@code logins} its SCRAM-SHA-512 user and exactly {@link #of its ACLs}: those
     * of these services that the table no longer holds are deleted. Returns once the broker answering
     * {@code admin} holds them.
     */
    static void apply(Admin admin, Collection<KafkaLogin> logins, Duration timeout) {
        List<UserScramCredentialAlteration> users = logins.stream()
                .<UserScramCredentialAlteration>map(login -> new UserScramCredentialUpsertion(login.username(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), login.password()))
                .toList();
        await(admin.alterUserScramCredentials(users).all(), "creating the users of " + logins, timeout);
        Set<String> principals = logins.stream().map(login -> principal(login.username())).collect(Collectors.toSet());
        Set<AclBinding> wanted = logins.stream().flatMap(login -> of(login.username()).stream()).collect(Collectors.toSet());
        Set<AclBinding> held = aclsOf(admin, principals, timeout);
        List<AclBindingFilter> stale = held.stream().filter(binding -> !wanted.contains(binding))
                .map(AclBinding::toFilter).toList();
        if (!stale.isEmpty()) {
            await(admin.deleteAcls(stale).all(), "deleting ACLs the table no longer holds", timeout);
        }
        List<AclBinding> missing = wanted.stream().filter(binding -> !held.contains(binding)).toList();
        if (!missing.isEmpty()) {
            await(admin.createAcls(missing).all(), "creating the services' ACLs", timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!aclsOf(admin, principals, timeout).equals(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not apply the services' ACLs within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the services' ACLs", e);
            }
        }
    }

    private static Set<AclBinding> aclsOf(Admin admin, Set<String> principals, Duration timeout) {
        return new HashSet<>(await(admin.describeAcls(AclBindingFilter.ANY).values(), "reading the ACLs", timeout)).stream()
                .filter(binding -> principals.contains(binding.entry().principal()))
                .collect(Collectors.toSet());
    }

    private static <T> T await(KafkaFuture<T> future, String what, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    /**
     * A POSIX shell script for the {@code apache/kafka} image that does what {@link #apply} does,
     * through {@code kafka-configs.sh} and {@code kafka-acls.sh}: the set-up step of Docker Compose and
     * Kubernetes. It only adds; an ACL the table no longer holds stays until removed by hand.
     */
    public static String setupScript() {
        StringBuilder script = new StringBuilder("""
                #!/bin/sh
                # Generated by io.cardeck.devstack.KafkaAcls.setupScript() from the table in libs/events
                # (TopicAccess); do not edit. platform-tests' DeploymentFilesTest fails when this file
                # differs, and writes the expected one to platform-tests/target/kafka-access.sh.
                #
                # Gives each service its SCRAM-SHA-512 user and its ACLs on the broker at
                # $KAFKA_BOOTSTRAP_SERVERS, logged in as the super user admin (SASL/PLAIN, password
                # $%s). Each service's password is in $CARDECK_KAFKA_PASSWORD_<SERVICE>.
                # Adding what exists changes nothing: run it after every start of the broker.
                set -eu
                bin=/opt/kafka/bin
                admin=$(mktemp)
                trap 'rm -f "$admin"' EXIT
                printf 'security.protocol=SASL_PLAINTEXT\\nsasl.mechanism=PLAIN\\nsasl.jaas.config=%%s\\n' \\
                  "org.apache.kafka.common.security.plain.PlainLoginModule required username=\\"admin\\" password=\\"$%s\\";" > "$admin"
                user() {
                  "$bin/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$admin" --alter \\
                    --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[iterations=%d,password=$2]"
                }
                allow() {
                  "$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$admin" --add "$@"
                }
                """.formatted(ADMIN_PASSWORD_VARIABLE, ADMIN_PASSWORD_VARIABLE, SCRAM_ITERATIONS));
        for (String service : TopicAccess.SERVICES) {
            script.append("\n# ").append(service).append('\n');
            script.append("user ").append(service).append(" \"$").append(passwordVariable(service)).append("\"\n");
            commands(of(service)).forEach((command, names) -> {
                script.append("allow --allow-principal ").append(principal(service));
                command.operations().forEach(operation -> script.append(" --operation ").append(toolName(operation)));
                if (command.pattern() != PatternType.LITERAL) {
                    script.append(" --resource-pattern-type ").append(command.pattern().name().toLowerCase(Locale.ROOT));
                }
                names.forEach(name -> script.append(" --").append(command.type().name().toLowerCase(Locale.ROOT))
                        .append(' ').append(name));
                script.append('\n');
            });
        }
        return script.toString();
    }

    /** One {@code kafka-acls.sh --add}: these operations on resources of one type and pattern type. */
    private record Command(ResourceType type, PatternType pattern, Set<AclOperation> operations) {}

    /** The bindings as commands, each with the names of its resources: one per type, pattern type and set of operations. */
    private static Map<Command, List<String>> commands(List<AclBinding> bindings) {
        Map<ResourcePattern, Set<AclOperation>> operations = new LinkedHashMap<>();
        for (AclBinding binding : bindings) {
            operations.computeIfAbsent(binding.pattern(), pattern -> new TreeSet<>()).add(binding.entry().operation());
        }
        Map<Command, List<String>> commands = new LinkedHashMap<>();
        operations.forEach((pattern, granted) -> commands.computeIfAbsent(
                new Command(pattern.resourceType(), pattern.patternType(), granted), command -> new ArrayList<>())
                .add(pattern.name()));
        return commands;
    }

    /** {@code CREATE} as kafka-acls.sh spells it: {@code Create}. */
    private static String toolName(AclOperation operation) {
        String name = operation.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
