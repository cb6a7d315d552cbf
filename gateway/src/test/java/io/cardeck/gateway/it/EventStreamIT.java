package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.agroal.api.AgroalDataSource;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.EvaluationProgressed;
import io.cardeck.events.EventCodec;
import io.cardeck.events.PruneProgressed;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.events.TopicAccess;
import io.cardeck.events.Topics;
import io.cardeck.events.TrainingRecord;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live event stream against the real broker: events produced with a plain producer reach the
 * subscribers whose filters pass them, and poison messages go to the dead-letter topics.
 *
 * <p>The gateway reads from the latest offset, so each test first makes sure its subscriber and the
 * consumer of the topic are live: it sends probe events until one arrives, then a marker, and skips
 * what arrives up to the marker. All records go to partition 0, so what follows arrives in order,
 * and an event filtered out before one that arrives was filtered, not late.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class EventStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    StandInPruner pruner;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URI base;

    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(KafkaBus.settings(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void disconnect() {
        producer.close();
    }

    @Test
    void followingAJobShowsItsEventsAndTheEvaluationOfItsResult() throws Exception {
        String job = uuid();
        String otherJob = uuid();
        String parent = uuid();
        String result = uuid();
        String otherModel = uuid();
        try (SseReader reader = SseReader.open(base.resolve("api/events?jobId=" + job))) {
            sync(reader, () -> new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 0, "queued"));

            PruneProgressed progressed = new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 50,
                    "fine-tuning: epoch 1/2 done", TrainingRecord.epochEnd("fine-tuning", null, 1, 2, 0.41, 0.85, 0.87));
            // An event of version 1, as a platform before training records wrote it: passed on as the current version.
            PruneProgressed v1 = new PruneProgressed(UUID.randomUUID(), Instant.parse("2026-12-01T10:00:00Z"), job, 60,
                    "writing the model");
            PruneSucceeded succeeded = new PruneSucceeded(UUID.randomUUID(), Instant.now(), job, parent, result);
            send(new PruneProgressed(UUID.randomUUID(), Instant.now(), otherJob, 50, "pruning"));
            send(progressed);
            sendRaw(Topics.PRUNE_EVENTS, job, ("{\"type\":\"PruneProgressed/v1\",\"eventId\":\"" + v1.eventId()
                    + "\",\"occurredAt\":\"2026-12-01T10:00:00Z\",\"jobId\":\"" + job + "\",\"percent\":60,"
                    + "\"stage\":\"writing the model\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            send(succeeded);
            assertDelivered(progressed, reader.next(WAIT));
            assertDelivered(v1, reader.next(WAIT));
            assertDelivered(succeeded, reader.next(WAIT));

            // The job's result model is followed from its PruneSucceeded on.
            sync(reader, () -> new EvaluationProgressed(UUID.randomUUID(), Instant.now(), "evaluation-1", result, 10));
            EvaluationCompleted completed = completed(result);
            send(completed(otherModel));
            send(completed);
            assertDelivered(completed, reader.next(WAIT));
        }
    }

    @Test
    void aModelFilterShowsTheEventsNamingTheModel() throws Exception {
        String model = uuid();
        String otherModel = uuid();
        String job = uuid();
        try (SseReader reader = SseReader.open(base.resolve("api/events?modelId=" + model))) {
            sync(reader, () -> new PruneSucceeded(UUID.randomUUID(), Instant.now(), uuid(), model, uuid()));
            PruneSucceeded derived = new PruneSucceeded(UUID.randomUUID(), Instant.now(), job, model, uuid());
            // Progress names only its job, so a model filter does not pass it.
            send(new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 50, "pruning"));
            send(new PruneSucceeded(UUID.randomUUID(), Instant.now(), uuid(), otherModel, uuid()));
            send(derived);
            assertDelivered(derived, reader.next(WAIT));

            sync(reader, () -> new EvaluationProgressed(UUID.randomUUID(), Instant.now(), "evaluation-2", model, 10));
            EvaluationCompleted completed = completed(model);
            send(completed(otherModel));
            send(completed);
            assertDelivered(completed, reader.next(WAIT));
        }
    }

    @Test
    void aPruneEventEndsTheGatewaysRecordOfTheRequest() throws Exception {
        String model = pruner.register("followed");
        String job = asAdmin().contentType("application/json")
                .body("{\"modelId\": \"" + model + "\", \"method\": \"magnitude\", \"params\": {\"sparsity\": 0.25}}")
                .post("/api/prune-jobs").then().statusCode(202).extract().path("id");
        Database database = new Database(dataSource);
        assertEquals(1, database.pruneRequests(job));
        try (SseReader reader = SseReader.open(base.resolve("api/events?jobId=" + job))) {
            sync(reader, () -> new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 0, "started"));
        }
        // The row goes in the transaction that ends before the event is handed to subscribers.
        assertEquals(0, database.pruneRequests(job));
    }

    @Test
    void anIdleStreamGetsHeartbeatsAndStaysOpen() throws Exception {
        String job = uuid();
        try (SseReader reader = SseReader.open(base.resolve("api/events?jobId=" + job))) {
            String first = reader.pollComment(WAIT);
            assertEquals("heartbeat", first);
            String second = reader.pollComment(WAIT);
            assertEquals("heartbeat", second);
            // Still open: events reach it.
            sync(reader, () -> new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 0, "queued"));
        }
    }

    @Test
    void filtersMustBeUuids() {
        asAdmin().accept("text/event-stream").get("/api/events?jobId=job-7").then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", containsString("jobId 'job-7' is not a UUID"));
        asAdmin().get("/api/events?modelId=lenet").then()
                .statusCode(400)
                .body("error", containsString("modelId 'lenet' is not a UUID"));
    }

    @Test
    void poisonOnPruneEventsGoesToItsDeadLetterTopicAndConsumingGoesOn() throws Exception {
        String job = uuid();
        byte[] garbage = ("not an event " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] misrouted = EventCodec.encode(completed(uuid()));
        byte[] forged = EventCodec.encode(new PruneSucceeded(UUID.randomUUID(), Instant.now(), job, uuid(), uuid()));
        try (SseReader reader = SseReader.open(base.resolve("api/events?jobId=" + job))) {
            sync(reader, () -> new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 0, "queued"));
            sendRaw(Topics.PRUNE_EVENTS, job, garbage);
            sendRaw(Topics.PRUNE_EVENTS, job, misrouted);
            sendWrittenBy(TopicAccess.ENSEMBLE, Topics.PRUNE_EVENTS, job, forged);
            PruneProgressed after = new PruneProgressed(UUID.randomUUID(), Instant.now(), job, 90, "writing");
            send(after);
            assertDelivered(after, reader.next(WAIT));
        }
        String garbageReason = awaitDeadLetter(Topics.PRUNE_EVENTS, garbage);
        assertTrue(garbageReason.contains("not a cardeck event"), garbageReason);
        String misroutedReason = awaitDeadLetter(Topics.PRUNE_EVENTS, misrouted);
        assertTrue(misroutedReason.contains("EvaluationCompleted does not belong on cardeck.prune.events"),
                misroutedReason);
        String forgedReason = awaitDeadLetter(Topics.PRUNE_EVENTS, forged);
        assertTrue(forgedReason.endsWith("it was written by 'ensemble-service', which may not write cardeck.prune.events;"
                + " only pruner-service does"), forgedReason);
        assertWrittenIdempotently(Topics.deadLetter(Topics.PRUNE_EVENTS));
    }

    @Test
    void poisonOnEvaluationEventsGoesToItsDeadLetterTopicAndConsumingGoesOn() throws Exception {
        String model = uuid();
        byte[] garbage = ("{\"type\": \"EvaluationCompleted/v9\", \"id\": \"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (SseReader reader = SseReader.open(base.resolve("api/events?modelId=" + model))) {
            sync(reader, () -> new EvaluationProgressed(UUID.randomUUID(), Instant.now(), "evaluation-3", model, 10));
            sendRaw(Topics.EVALUATION_EVENTS, model, garbage);
            EvaluationCompleted after = completed(model);
            send(after);
            assertDelivered(after, reader.next(WAIT));
        }
        String reason = awaitDeadLetter(Topics.EVALUATION_EVENTS, garbage);
        assertTrue(reason.contains("not a cardeck event"), reason);
        assertWrittenIdempotently(Topics.deadLetter(Topics.EVALUATION_EVENTS));
    }

    /**
     * The broker keeps producer state only for idempotent producers, and an idempotent producer
     * needs acks=all: so the dead-letter producer was configured as every cardeck producer must be.
     */
    private void assertWrittenIdempotently(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(KafkaBus.settings(Map.of()))) {
            List<ProducerState> producers = admin.describeProducers(List.of(partition)).partitionResult(partition).get()
                    .activeProducers();
            assertFalse(producers.isEmpty(), topic + " was written by a producer without idempotence");
        }
    }

    /** The SSE event carries the type's name, the event id and the event's JSON as EventCodec writes it. */
    private static void assertDelivered(CardeckEvent expected, SseReader.Event actual) {
        assertEquals(expected.getClass().getSimpleName(), actual.name());
        assertEquals(expected.eventId().toString(), actual.id());
        assertEquals(EventCodec.encodeToString(expected), actual.data());
        assertEquals(expected, EventCodec.decode(actual.data()));
    }

    /** Sends probes until one arrives, then a marker, and skips up to the marker (see the class comment). */
    private void sync(SseReader reader, Supplier<CardeckEvent> probe) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            send(probe.get());
            if (reader.poll(Duration.ofMillis(500)) != null) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no probe reached the subscriber within 60 s");
            }
        }
        CardeckEvent marker = probe.get();
        send(marker);
        while (!reader.next(WAIT).id().equals(marker.eventId().toString())) {
            // A probe sent before the marker.
        }
    }

    private void send(CardeckEvent event) throws ExecutionException, InterruptedException {
        sendRaw(event.topic(), event.key(), EventCodec.encode(event));
    }

    /** As the topic's writer sends it: the envelope names the writer. */
    private void sendRaw(String topic, String key, byte[] value) throws ExecutionException, InterruptedException {
        sendWrittenBy(TopicAccess.writer(topic), topic, key, value);
    }

    private void sendWrittenBy(String writer, String topic, String key, byte[] value)
            throws ExecutionException, InterruptedException {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, key, value);
        record.headers().add(TopicAccess.WRITER_HEADER, writer.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    /** The dead-letter-reason header of the record with {@code value} on {@code topic}'s dead-letter topic. */
    private String awaitDeadLetter(String topic, byte[] value) {
        Map<String, Object> config = KafkaBus.settings(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "event-stream-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetter(topic)));
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (Arrays.equals(record.value(), value)) {
                        Header reason = record.headers().lastHeader("dead-letter-reason");
                        assertTrue(reason != null, "a dead letter carries its reason");
                        return new String(reason.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return fail("the message did not reach " + Topics.deadLetter(topic) + " within 60 s");
    }

    private static EvaluationCompleted completed(String model) {
        return new EvaluationCompleted(UUID.randomUUID(), Instant.now(), "evaluation-" + uuid(), model, 0.91, 0.64, 0.03,
                61706, 61706, 0.2);
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}
