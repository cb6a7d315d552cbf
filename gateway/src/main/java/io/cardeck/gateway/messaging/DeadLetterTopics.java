package io.cardeck.gateway.messaging;

import io.cardeck.events.DeadLetter;
import io.cardeck.events.DeadLetterId;
import io.cardeck.events.Topics;
import io.cardeck.outbox.EventEnvelope;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The dead-letter topics on the broker: read with a consumer of no group (it assigns partitions and
 * commits nothing, so no consumer group's position moves), and a producer that publishes a dead
 * letter's payload again to its original topic ({@code acks=all}, idempotent, as every cardeck producer).
 */
@ApplicationScoped
public class DeadLetterTopics {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Map<String, Object> kafka;
    private KafkaProducer<String, byte[]> producer;

    DeadLetterTopics(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    /**
     * The newest {@code limit} dead letters of all dead-letter topics, newest first.
     *
     * @throws BrokerUnavailableException when Kafka does not answer in time
     */
    public List<DeadLetter> newest(int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            for (String topic : Topics.ALL) {
                List<TopicPartition> partitions = partitions(consumer, Topics.deadLetter(topic));
                if (partitions.isEmpty()) {
                    continue;
                }
                consumer.assign(partitions);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, WAIT);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, WAIT);
                for (TopicPartition partition : partitions) {
                    consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - limit));
                }
                while (partitions.stream().anyMatch(p -> consumer.position(p, WAIT) < end.get(p))) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                            letters.add(letter(record));
                        }
                    }
                }
            }
        } catch (KafkaException e) {
            throw new BrokerUnavailableException("cannot read the dead-letter topics", e);
        }
        return letters.stream()
                .sorted(Comparator.comparing(DeadLetter::deadLetteredAt).reversed())
                .limit(limit)
                .toList();
    }

    /**
     * The dead letter at {@code id}; empty when its topic, partition or offset holds none (any more).
     *
     * @throws BrokerUnavailableException when Kafka does not answer in time
     */
    public Optional<DeadLetter> find(DeadLetterId id) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(id.deadLetterTopic(), id.partition());
            if (!partitions(consumer, id.deadLetterTopic()).contains(partition)) {
                return Optional.empty();
            }
            consumer.assign(List.of(partition));
            long begin = consumer.beginningOffsets(List.of(partition), WAIT).get(partition);
            long end = consumer.endOffsets(List.of(partition), WAIT).get(partition);
            if (id.offset() < begin || id.offset() >= end) {
                return Optional.empty();
            }
            consumer.seek(partition, id.offset());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == id.offset()) {
                        return Optional.of(letter(record));
                    }
                    if (record.offset() > id.offset()) {
                        // A compacted or transaction-marker offset: no record there.
                        return Optional.empty();
                    }
                }
            }
            throw new BrokerUnavailableException("cannot read " + id + " within " + WAIT.toSeconds() + " s", null);
        } catch (KafkaException e) {
            throw new BrokerUnavailableException("cannot read " + id, e);
        }
    }

    /**
     * Publishes the dead letter's key and payload to its original topic, naming the writer its
     * original did (its envelope), and waits for the broker's acknowledgement.
     *
     * @throws BrokerUnavailableException when Kafka does not acknowledge it in time
     */
    public void republish(DeadLetter letter) {
        try {
            producer().send(EventEnvelope.record(letter.topic(), letter.key(), letter.payload(), letter.writer()))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new BrokerUnavailableException("the replay of " + letter.id() + " was not acknowledged within "
                    + WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + letter.id(), e);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(WAIT);
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(kafka);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-dead-letter-replays");
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-dead-letters");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.listTopics(WAIT).get(topic);
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static DeadLetter letter(ConsumerRecord<String, byte[]> record) {
        Header reason = record.headers().lastHeader(DeadLetter.REASON_HEADER);
        return new DeadLetter(new DeadLetterId(record.topic(), record.partition(), record.offset()),
                record.key(), EventEnvelope.writer(record.headers()).orElse(null), reason == null ? "(no reason recorded)" : new String(reason.value(), StandardCharsets.UTF_8),
                Instant.ofEpochMilli(record.timestamp()), record.value() == null ? new byte[0] : record.value());
    }
}
