package io.cardeck.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a topic holds, read by a plain consumer of no group from the first record to the end: for
 * tests that count what was published (once, not twice, none lost).
 */
public final class TopicRecords {

    private TopicRecords() {
    }

    /**
     * Every record of {@code topic} written so far, read with {@code clientSettings} (bootstrap servers
     * and a login that may read it), per partition in order (none when the topic does not exist yet).
     */
    public static List<ConsumerRecord<String, byte[]>> read(Map<String, Object> clientSettings, String topic) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    /** The partitions of {@code topic}, none when it does not exist (listing topics does not create one). */
    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.listTopics(Duration.ofSeconds(30)).getOrDefault(topic, List.of()).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
