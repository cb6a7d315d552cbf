package io.cardeck.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.EmbeddedKafka;
import io.cardeck.devstack.TopicRecords;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EventCodec;
import io.cardeck.events.KafkaLogin;
import io.cardeck.events.PruneFailed;
import io.cardeck.events.PruneProgressed;
import io.cardeck.events.TopicAccess;
import io.cardeck.events.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The outbox with the machine's real PostgreSQL and a real Kafka broker that lets the pruner-service in only. */
class OutboxRelayTest {

    private static final String DATABASE = "cardeck_outbox_test";
    private static final KafkaLogin PRUNER = KafkaLogin.generate(TopicAccess.PRUNER, new SecureRandom());
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(3);
    private static EmbeddedKafka kafka;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.builder().accessControl().start();
        kafka.authorize(List.of(PRUNER));
        dataSource = OutboxDatabase.create(DATABASE);
    }

    @AfterAll
    static void stop() {
        kafka.close();
        OutboxDatabase.drop(DATABASE);
    }

    private static PruneProgressed progress(String job, double percent) {
        return new PruneProgressed(UUID.randomUUID(), Instant.now(), job, percent, "pruning");
    }

    @Test
    void committedEventsArePublishedInOrderAndRolledBackOnesNever() throws Exception {
        List<CardeckEvent> committed = List.of(progress("job-a", 10), progress("job-a", 50), progress("job-a", 100));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (CardeckEvent event : committed) {
                Outbox.append(connection, event);
            }
            connection.commit();
            Outbox.append(connection, new PruneFailed(UUID.randomUUID(), Instant.now(), "job-a", "never happened"));
            connection.rollback();
        }
        try (OutboxRelay relay = relay()) {
            assertEquals(3, relay.relayOnce());
            assertEquals(0, relay.relayOnce(), "published events are marked");
        }
        List<ConsumerRecord<String, byte[]>> records = consume(Topics.PRUNE_EVENTS, 3);
        assertEquals(committed, records.stream().map(EventEnvelope::open).toList(), "each names its writer");
        assertTrue(records.stream().allMatch(r -> r.key().equals("job-a")));
        assertTrue(records.stream().allMatch(r -> EventEnvelope.writer(r.headers()).equals(Optional.of("pruner-service"))));
    }

    @Test
    void anEventStaysInTheOutboxUntilKafkaAcknowledgesIt() throws SQLException {
        PruneProgressed event = progress("job-b", 5);
        try (Connection connection = dataSource.getConnection()) {
            Outbox.append(connection, event);
        }
        // A producer pointed at a port with no broker: the send times out and nothing is marked.
        var deadProducer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", "127.0.0.1:1", "acks", "all", "enable.idempotence", true,
                "max.block.ms", 1000, "delivery.timeout.ms", 1500, "request.timeout.ms", 1000),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        try (OutboxRelay relay = new OutboxRelay(dataSource, deadProducer, TopicAccess.PRUNER, SEND_TIMEOUT)) {
            assertThrows(RuntimeException.class, relay::relayOnce);
        }
        try (OutboxRelay relay = relay()) {
            assertTrue(relay.relayOnce() >= 1, "the event is still there for a working relay");
        }
    }

    @Test
    void aRoundWhileTheBrokerIsDownEndsWithinTheSendTimeoutAndTheEventIsPublishedOnceItIsBack(@TempDir Path root)
            throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.builder().dataDirectory(root.resolve("kafka")).start();
        PruneProgressed during = progress("job-outage", 50);
        try (OutboxRelay relay = OutboxRelay.forKafka(dataSource, broker.adminSettings(), "test-outage",
                TopicAccess.PRUNER, SEND_TIMEOUT)) {
            append(progress("job-outage", 10));
            assertTrue(relay.relayOnce() >= 1, "published while the broker runs, so the producer knows the topic");

            broker.kill();
            append(during);
            // Two rounds while it is gone: each gives up within the send timeout (plus the producer's expiry lag)
            // and leaves the event in the outbox.
            for (int round = 1; round <= 2; round++) {
                long start = System.nanoTime();
                IllegalStateException failed = assertThrows(IllegalStateException.class, relay::relayOnce);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(failed.getMessage().startsWith("Kafka did not acknowledge an outbox event"), failed.getMessage());
                assertTrue(took.compareTo(SEND_TIMEOUT.plusSeconds(3)) < 0, "round " + round + " took " + took);
            }

            broker = broker.restart();
            long back = System.nanoTime();
            int published = 0;
            while (published == 0) {
                assertTrue(System.nanoTime() - back < Duration.ofSeconds(10).toNanos(), "not published within 10 s of the broker's return");
                try {
                    published = relay.relayOnce();
                } catch (IllegalStateException e) {
                    // The producer reconnects first.
                }
            }
            assertEquals(0, relay.relayOnce(), "marked once Kafka acknowledged it");
            List<UUID> copies = TopicRecords.read(broker.adminSettings(), Topics.PRUNE_EVENTS).stream()
                    .map(r -> EventCodec.decode(r.value()).eventId()).filter(during.eventId()::equals).toList();
            assertEquals(1, copies.size(), "one copy, although each failed round sent it: the producer dropped the ones it gave up on");
        } finally {
            broker.close();
        }
    }

    @Test
    void aSendTimeoutUnderASecondIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> OutboxRelay.producer(Map.of("bootstrap.servers", "127.0.0.1:1"), "test", Duration.ofMillis(999)));
        assertEquals("send timeout PT0.999S is out of range; accepted: 1s to 24 days", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutboxRelay.forKafka(dataSource,
                Map.of("bootstrap.servers", "127.0.0.1:1"), "test", TopicAccess.PRUNER, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> OutboxRelay.producer(Map.of("bootstrap.servers", "127.0.0.1:1"), "test", Duration.ofDays(25)));
    }

    private static void append(CardeckEvent event) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Outbox.append(connection, event);
        }
    }

    @Test
    void aRedeliveredEventIsRecognised() throws SQLException {
        UUID eventId = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            assertTrue(ProcessedEvents.firstDelivery(connection, "evaluator", eventId));
            assertFalse(ProcessedEvents.firstDelivery(connection, "evaluator", eventId));
            assertTrue(ProcessedEvents.firstDelivery(connection, "gateway", eventId), "each consumer keeps its own record");
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            UUID rolledBack = UUID.randomUUID();
            assertTrue(ProcessedEvents.firstDelivery(connection, "evaluator", rolledBack));
            connection.rollback();
            assertTrue(ProcessedEvents.firstDelivery(connection, "evaluator", rolledBack),
                    "an event whose transaction rolled back is applied again");
            connection.commit();
        }
    }

    /** The relay as the pruner-service runs it: logged in as itself, naming itself as the writer. */
    private static OutboxRelay relay() {
        return OutboxRelay.forKafka(dataSource, kafka.clientSettings(PRUNER), "test", TopicAccess.PRUNER, SEND_TIMEOUT);
    }

    private static List<ConsumerRecord<String, byte[]>> consume(String topic, int count) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Map<String, Object> settings = new HashMap<>(kafka.adminSettings());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
