package io.cardeck.devstack;

import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EventCodec;
import io.cardeck.events.KafkaLogin;
import io.cardeck.events.TopicAccess;
import io.cardeck.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Plain Kafka clients on the broker of the running {@code @QuarkusTest} (as {@link DevstackTestResource}
 * started it): what other services (and poison) put on the bus, and what the service under test
 * published or consumed. They log in as the broker's super user, and what they send on a cardeck topic
 * names that topic's writer ({@link TopicAccess#WRITER_HEADER}), as the service that writes it would;
 * {@link #sendAs} forges.
 */
public final class KafkaBus {

    private KafkaBus() {
    }

    /**
     * Client settings of the broker's super user, with {@code extra} on top: for a test's own producer or
     * consumer, e.g. {@code KafkaBus.settings(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "it"))}.
     */
    public static Map<String, Object> settings(Map<String, Object> extra) {
        Config config = ConfigProvider.getConfig();
        Map<String, Object> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(DevstackTestResource.ADMIN_SETTINGS)) {
                settings.put(name.substring(DevstackTestResource.ADMIN_SETTINGS.length()), config.getValue(name, String.class));
            }
        }
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class));
        settings.putAll(extra);
        return settings;
    }

    /** The headers a record on {@code topic} carries when its writer sends it: the writer's name on a cardeck topic, none on others. */
    public static Map<String, String> writerHeaders(String topic) {
        return Topics.ALL.contains(topic) ? Map.of(TopicAccess.WRITER_HEADER, TopicAccess.writer(topic)) : Map.of();
    }

    public static void send(String topic, String key, byte[] value) {
        send(topic, key, value, Map.of());
    }

    /** A record with headers besides the writer's, e.g. a dead letter as a consumer's dead-letter strategy writes it. */
    public static void send(String topic, String key, byte[] value, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(writerHeaders(topic));
        all.putAll(headers);
        produce(settings(Map.of()), topic, key, value, all);
    }

    public static void send(CardeckEvent event) {
        send(event.topic(), event.key(), EventCodec.encode(event));
    }

    /**
     * Sends {@code event} logged in as {@code service} (its principal and ACLs, as the service under
     * test logs in with {@code cardeck.kafka.password}) with an envelope that names {@code writer}.
     */
    public static void sendAs(String service, String writer, CardeckEvent event) {
        KafkaLogin login = new KafkaLogin(service, ConfigProvider.getConfig().getValue("cardeck.kafka.password", String.class));
        Map<String, Object> settings = new HashMap<>(login.clientSettings());
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers",
                String.class));
        produce(settings, event.topic(), event.key(), EventCodec.encode(event), Map.of(TopicAccess.WRITER_HEADER, writer));
    }

    private static void produce(Map<String, Object> settings, String topic, String key, byte[] value, Map<String, String> headers) {
        Map<String, Object> producerSettings = new HashMap<>(settings);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send to " + topic + ": " + e, e);
        }
    }

    /** Every record of {@code topic} written so far (none when the topic does not exist yet). */
    public static List<ConsumerRecord<String, byte[]>> read(String topic) {
        return TopicRecords.read(settings(Map.of()), topic);
    }

    /** The events published on {@code topic} under {@code key}, in order. */
    public static List<CardeckEvent> events(String topic, String key) {
        return read(topic).stream()
                .filter(r -> key.equals(r.key()))
                .map(r -> EventCodec.decode(r.value()))
                .toList();
    }

    /** True when consumer group {@code group} has committed everything written to {@code topic} so far. */
    public static boolean consumedAll(String topic, String group) {
        try (Admin admin = Admin.create(settings(Map.of()));
             KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = TopicRecords.partitions(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return partitions.stream().allMatch(p -> committed.get(p) != null && committed.get(p).offset() >= end.get(p));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + ": " + e, e);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(settings(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
