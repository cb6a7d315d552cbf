package io.cardeck.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.events.KafkaLogin;
import io.cardeck.events.TopicAccess;
import io.cardeck.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker with access control, as {@code ./cardeck up} runs it: each service logs in as itself and may use only its topics. */
class KafkaAclsTest {

    private static final Map<String, KafkaLogin> LOGINS = new LinkedHashMap<>();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        SecureRandom random = new SecureRandom();
        TopicAccess.SERVICES.forEach(service -> LOGINS.put(service, KafkaLogin.generate(service, random)));
        kafka = EmbeddedKafka.builder().accessControl().start();
        kafka.authorize(LOGINS.values());
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aClientWithoutALoginGetsNothing() {
        Map<String, Object> anonymous = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThrows(ExecutionException.class, () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        KafkaLogin wrong = KafkaLogin.generate(TopicAccess.PRUNER, new SecureRandom());
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings(wrong));
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(settings)) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        }
    }

    @Test
    void aServiceWritesTheTopicsItProducesAndNoOther() throws Exception {
        send(TopicAccess.PRUNER, Topics.PRUNE_EVENTS);
        send(TopicAccess.PRUNER, Topics.MODELS_READY);
        assertRefused(TopicAccess.PRUNER, Topics.PRUNE_REQUESTS);
        assertRefused(TopicAccess.EVALUATOR, Topics.MODELS_READY);
        assertRefused(TopicAccess.ENSEMBLE, Topics.EVALUATION_EVENTS);
        send(TopicAccess.ENSEMBLE, Topics.deadLetter(Topics.EVALUATION_EVENTS));
        assertRefused(TopicAccess.ENSEMBLE, Topics.deadLetter(Topics.MODELS_READY));
    }

    @Test
    void aServiceReadsTheTopicsItConsumesInItsOwnGroupsOnly() throws Exception {
        send(TopicAccess.PRUNER, Topics.MODELS_READY);
        try (KafkaConsumer<String, String> own = consumer(TopicAccess.EVALUATOR, "evaluator-service")) {
            own.subscribe(List.of(Topics.MODELS_READY));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int read = 0;
            while (read == 0 && System.nanoTime() < deadline) {
                read = own.poll(Duration.ofMillis(500)).count();
            }
            assertTrue(read > 0, "the evaluator reads models.ready in its group");
        }
        try (KafkaConsumer<String, String> other = consumer(TopicAccess.EVALUATOR, "evaluator-service")) {
            other.subscribe(List.of(Topics.PRUNE_REQUESTS));
            assertThrows(TopicAuthorizationException.class, () -> pollUntilFailure(other));
        }
        try (KafkaConsumer<String, String> borrowed = consumer(TopicAccess.EVALUATOR, "pruner-service")) {
            borrowed.subscribe(List.of(Topics.MODELS_READY));
            assertThrows(GroupAuthorizationException.class, () -> pollUntilFailure(borrowed));
        }
    }

    @Test
    void theBrokerHoldsExactlyTheTablesAclsAndAStaleOneGoes() throws Exception {
        Set<AclBinding> expected = new HashSet<>();
        TopicAccess.SERVICES.forEach(service -> expected.addAll(KafkaAcls.of(service)));
        try (Admin admin = Admin.create(kafka.adminSettings())) {
            assertEquals(expected, Set.copyOf(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)));
            AclBinding stale = new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.DECK_EVENTS, PatternType.LITERAL),
                    new AccessControlEntry(KafkaAcls.principal(TopicAccess.PRUNER), "*", AclOperation.WRITE, AclPermissionType.ALLOW));
            admin.createAcls(List.of(stale)).all().get(30, TimeUnit.SECONDS);
            kafka.authorize(LOGINS.values());
            assertEquals(expected, Set.copyOf(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)));
        }
    }

    /**
     * The script of Compose and Kubernetes, run with Kafka's own commands (kafka-configs, kafka-acls, of the
     * version in the apache/kafka image) on a fresh broker: the same users and ACLs as {@link KafkaAcls#apply}.
     */
    @Test
    void theSetupScriptGivesAFreshBrokerTheSameUsersAndAcls(@TempDir Path bin) throws Exception {
        try (EmbeddedKafka fresh = EmbeddedKafka.builder().accessControl().start()) {
            String script = KafkaAcls.setupScript().replace("bin=/opt/kafka/bin", "bin=" + bin);
            shim(bin.resolve("kafka-configs.sh"), "kafka.admin.ConfigCommand");
            shim(bin.resolve("kafka-acls.sh"), "org.apache.kafka.tools.AclCommand");
            ProcessBuilder run = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                    .redirectOutput(bin.resolve("script.log").toFile());
            run.environment().put("KAFKA_BOOTSTRAP_SERVERS", fresh.bootstrapServers());
            Matcher admin = Pattern.compile("password=\"([^\"]+)\"").matcher(
                    (String) fresh.adminSettings().get("sasl.jaas.config"));
            assertTrue(admin.find());
            run.environment().put(KafkaAcls.ADMIN_PASSWORD_VARIABLE, admin.group(1));
            LOGINS.forEach((service, login) -> run.environment().put(KafkaAcls.passwordVariable(service), login.password()));
            Process process = run.start();
            assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the script ran within 10 minutes");
            assertEquals(0, process.exitValue(), () -> "the script failed:\n" + read(bin.resolve("script.log")));

            Set<AclBinding> expected = new HashSet<>();
            TopicAccess.SERVICES.forEach(service -> expected.addAll(KafkaAcls.of(service)));
            try (Admin superUser = Admin.create(fresh.adminSettings())) {
                assertEquals(expected, Set.copyOf(superUser.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)));
            }
            for (KafkaLogin login : LOGINS.values()) {
                try (Admin service = Admin.create(fresh.clientSettings(login))) {
                    assertEquals(fresh.clusterId(), service.describeCluster().clusterId().get(60, TimeUnit.SECONDS),
                            login.username() + " logs in");
                }
            }
        }
    }

    @Test
    void theSetupScriptTakesEachPasswordFromItsOwnVariable() {
        String script = KafkaAcls.setupScript();
        for (String service : TopicAccess.SERVICES) {
            assertTrue(script.contains("\nuser " + service + " \"$" + KafkaAcls.passwordVariable(service) + "\"\n"), service);
        }
        assertEquals("CARDECK_KAFKA_PASSWORD_PRUNER_SERVICE", KafkaAcls.passwordVariable(TopicAccess.PRUNER));
        assertTrue(script.startsWith("#!/bin/sh\n") && script.contains("\nset -eu\n"), script);
    }

    /** A stand-in for one of the image's bin/*.sh: this JVM's Java and classpath, which hold Kafka's commands. */
    private static void shim(Path file, String mainClass) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' " + mainClass + " \"$@\"\n");
        assertTrue(file.toFile().setExecutable(true));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void send(String service, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = producer(service)) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(60, TimeUnit.SECONDS);
        }
    }

    private static void assertRefused(String service, String topic) {
        try (KafkaProducer<String, String> producer = producer(service)) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(60, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), service + " writing " + topic);
        }
    }

    private static KafkaProducer<String, String> producer(String service) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings(LOGINS.get(service)));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String service, String group) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings(LOGINS.get(service)));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-" + UUID.randomUUID());
        return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until the broker's refusal surfaces (a consumer reports it from poll), for at most a minute. */
    private static void pollUntilFailure(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500));
        }
        throw new KafkaException("no refusal within 60 s");
    }
}
