package io.cardeck.pruner;

import io.cardeck.devstack.KafkaBus;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients on the test broker, logged in as its super user ({@link KafkaBus#settings}): produce
 * raw messages (naming their topic's writer, as it would), read what the service published.
 */
final class KafkaTopics {

    private KafkaTopics() {
    }

    /**
     * Sends raw bytes to partition 0, so messages sent one after another are consumed in that order
     * (the topics are auto-created with one partition).
     */
    static void send(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaBus.settings(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, key, value);
            KafkaBus.writerHeaders(topic).forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    static void send(CardeckEvent event) {
        send(event.topic(), event.key(), EventCodec.encode(event));
    }

    /** Waits for a record of {@code topic} that matches, reading from the beginning. */
    static ConsumerRecord<String, byte[]> await(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = Eventually.await("topic " + topic, () -> {
                List<PartitionInfo> found = consumer.partitionsFor(topic);
                return found == null || found.isEmpty() ? Optional.empty()
                        : Optional.of(found.stream().map(p -> new TopicPartition(topic, p.partition())).toList());
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return Eventually.await("a matching record on " + topic, () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        return Optional.of(record);
                    }
                }
                return Optional.empty();
            });
        }
    }

    /** Waits for an event of {@code type} on {@code topic} that matches. */
    static <T extends CardeckEvent> T awaitEvent(String topic, Class<T> type, Predicate<T> match) {
        ConsumerRecord<String, byte[]> record = await(topic, r -> {
            CardeckEvent event = EventCodec.decode(r.value());
            return type.isInstance(event) && match.test(type.cast(event));
        });
        return type.cast(EventCodec.decode(record.value()));
    }

    /** Every event of {@code type} on {@code topic} so far. */
    static <T extends CardeckEvent> List<T> all(String topic, Class<T> type) {
        List<T> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records(topic)) {
            CardeckEvent event = EventCodec.decode(record.value());
            if (type.isInstance(event)) {
                events.add(type.cast(event));
            }
        }
        return events;
    }

    /** Every record on {@code topic} so far, as sent (a dead-letter topic holds records that are no event). */
    static List<ConsumerRecord<String, byte[]>> records(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(KafkaBus.settings(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "pruner-it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
