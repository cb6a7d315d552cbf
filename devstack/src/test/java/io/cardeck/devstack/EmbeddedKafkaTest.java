package io.cardeck.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real brokers in child JVMs: one shared by most tests, others started where a test needs its own. */
class EmbeddedKafkaTest {

    private static EmbeddedKafka shared;

    @BeforeAll
    static void startSharedBroker() {
        shared = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopSharedBroker() {
        shared.close();
    }

    @Test
    void recordsProducedWithAcksAllAndIdempotenceComeBackInOrderPerKey() throws Exception {
        shared.createTopic("orders", 3);
        assertEquals(3, partitionCount(shared, "orders"));

        List<String> keys = List.of("model-a", "model-b", "model-c", "model-d", "model-e");
        int perKey = 20;
        List<ProducerRecord<String, String>> sent = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (String key : keys) {
                sent.add(new ProducerRecord<>("orders", key, key + "#" + i));
            }
        }
        produce(shared, sent);

        List<ConsumerRecord<String, String>> received = consume(shared, "orders", sent.size());
        Map<String, List<String>> valuesByKey = new LinkedHashMap<>();
        Map<String, Set<Integer>> partitionsByKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : received) {
            valuesByKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
            partitionsByKey.computeIfAbsent(record.key(), k -> new HashSet<>()).add(record.partition());
        }
        assertEquals(Set.copyOf(keys), valuesByKey.keySet());
        for (String key : keys) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                expected.add(key + "#" + i);
            }
            assertEquals(expected, valuesByKey.get(key), "records of " + key);
            assertEquals(1, partitionsByKey.get(key).size(), "one key, one partition");
        }
    }

    @Test
    void createTopicKeepsAnExistingTopicAndRejectsBadRequests() throws Exception {
        shared.createTopics(List.of("prune.requests", "models.ready"), 2);
        shared.createTopic("prune.requests", 2);
        assertEquals(2, partitionCount(shared, "prune.requests"));
        assertEquals(2, partitionCount(shared, "models.ready"));

        IllegalStateException different = assertThrows(IllegalStateException.class,
            () -> shared.createTopic("prune.requests", 4));
        assertTrue(different.getMessage().contains("exists with 2 partitions"), different.getMessage());
        assertThrows(IllegalArgumentException.class, () -> shared.createTopic("ok-name", 0));
        for (String bad : List.of("", "has space", "slash/name", ".", "..", "x".repeat(250))) {
            assertThrows(IllegalArgumentException.class, () -> shared.createTopic(bad, 1), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> shared.createTopics(List.of(), 1));
    }

    @Test
    void aSecondBrokerRunsAlongsideAndCloseLeavesNothingBehind() throws Exception {
        EmbeddedKafka second = EmbeddedKafka.start();
        long pid = second.pid();
        Path directory = second.dataDirectory();
        try {
            assertNotEquals(shared.port(), second.port());
            assertNotEquals(shared.clusterId(), second.clusterId());
            assertTrue(Files.isDirectory(directory.resolve("kafka-logs")));

            second.createTopic("only-on-second", 1);
            produce(second, List.of(new ProducerRecord<>("only-on-second", "k", "v")));
            assertEquals("v", consume(second, "only-on-second", 1).get(0).value());
            assertFalse(topics(shared).contains("only-on-second"));
        } finally {
            second.close();
        }

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker process " + pid);
        assertFalse(Files.exists(directory), "temporary directory " + directory);
        assertTrue(Files.readString(second.logFile()).contains("Kafka Server started"), "log kept");
        second.close();
        assertThrows(IllegalStateException.class, () -> second.createTopic("late", 1));
        // The shared broker is untouched by the other's stop.
        shared.createTopic("after-second-closed", 1);
        assertTrue(topics(shared).contains("after-second-closed"));
    }

    @Test
    void aRestartOnAPersistentDataDirectoryKeepsTopicsAndRecords(@TempDir Path root) throws Exception {
        Path data = root.resolve("kafka");
        List<ProducerRecord<String, String>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(new ProducerRecord<>("kept", "job-" + (i % 3), "event-" + i));
        }
        String clusterId;
        try (EmbeddedKafka first = EmbeddedKafka.builder().dataDirectory(data).start()) {
            clusterId = first.clusterId();
            first.createTopic("kept", 2);
            produce(first, sent);

            // Compared by file identity: the first start may itself have rotated a log of its own when it
            // retried after losing a chosen port to another process.
            Object runningLog = Files.readAttributes(first.logFile(), BasicFileAttributes.class).fileKey();
            IllegalStateException inUse = assertThrows(IllegalStateException.class,
                () -> EmbeddedKafka.builder().dataDirectory(data).start());
            assertTrue(inUse.getMessage().contains("in use by another EmbeddedKafka"), inUse.getMessage());
            assertEquals(runningLog, Files.readAttributes(first.logFile(), BasicFileAttributes.class).fileKey(),
                "the running broker's log left alone");
        }
        assertTrue(Files.isDirectory(data.resolve("kafka-logs")), "data directory kept");

        try (EmbeddedKafka second = EmbeddedKafka.builder().dataDirectory(data).start()) {
            assertEquals(clusterId, second.clusterId());
            assertEquals(2, partitionCount(second, "kept"));
            List<String> values = consume(second, "kept", sent.size()).stream().map(ConsumerRecord::value).sorted().toList();
            List<String> expected = sent.stream().map(ProducerRecord::value).sorted().toList();
            assertEquals(expected, values);
            assertEquals(data.resolve("broker.log"), second.logFile());
            assertTrue(Files.readString(data.resolve("broker.log.1")).contains("Kafka Server started"),
                "the first run's log is kept as broker.log.1");
        }
    }

    @Test
    void aKilledBrokerRestartsInPlaceWithWhatItAcknowledged(@TempDir Path root) throws Exception {
        List<ProducerRecord<String, String>> sent = List.of(new ProducerRecord<>("survives", "job-1", "before the kill"));
        EmbeddedKafka killed = EmbeddedKafka.builder().dataDirectory(root.resolve("kafka")).start();
        try {
            produce(killed, sent);
            IllegalStateException running = assertThrows(IllegalStateException.class, killed::restart);
            assertTrue(running.getMessage().contains("still runs"), running.getMessage());

            long pid = killed.pid();
            killed.kill();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the broker's process is gone");
            assertTrue(LoopbackPorts.isFree(killed.port()), "nothing listens on its port");
            assertFalse(Files.readString(killed.logFile()).contains("kafka-shutdown-hook"),
                "killed: Kafka's shutdown hook did not run, see " + killed.logFile());
        } finally {
            killed.close();
        }
        try (EmbeddedKafka restarted = killed.restart()) {
            assertEquals(killed.port(), restarted.port());
            assertEquals(killed.controllerPort(), restarted.controllerPort());
            assertEquals(killed.clusterId(), restarted.clusterId());
            assertEquals(List.of("before the kill"), consume(restarted, "survives", 1).stream().map(ConsumerRecord::value).toList());
        }
        IllegalStateException temporary = assertThrows(IllegalStateException.class, () -> {
            EmbeddedKafka broker = EmbeddedKafka.start();
            broker.kill();
            broker.restart();
        });
        assertTrue(temporary.getMessage().contains("temporary data directory"), temporary.getMessage());
    }

    @Test
    void aBrokerThatCannotStartIsReportedWithItsLog(@TempDir Path root) throws Exception {
        // A log directory formatted for another node: Kafka refuses it at startup.
        Path logs = Files.createDirectories(root.resolve("kafka/kafka-logs"));
        Files.writeString(logs.resolve("meta.properties"),
            "version=1\ncluster.id=" + org.apache.kafka.common.Uuid.randomUuid() + "\nnode.id=7\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> EmbeddedKafka.builder().dataDirectory(root.resolve("kafka")).start());
        assertTrue(e.getMessage().contains("exited with status"), e.getMessage());
        assertTrue(e.getMessage().contains(root.resolve("kafka/broker.log").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Stored node id 7 doesn't match"), e.getMessage());
    }

    private static void produce(EmbeddedKafka kafka, List<ProducerRecord<String, String>> records) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, String> producer =
                 new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                acks.add(producer.send(record));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
    }

    /** Reads from the beginning until {@code count} records arrived (or gives up after 60 s). */
    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String topic, int count) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                 new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertEquals(count, received.size(), "records read back from " + topic);
        return received;
    }

    private static int partitionCount(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = admin(kafka)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }

    private static Set<String> topics(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            return admin.listTopics().names().get();
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
