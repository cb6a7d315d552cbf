package io.cardeck.outbox;

import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EventCodec;
import io.cardeck.events.TopicAccess;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka record around an event: its topic, its key, and the header {@value TopicAccess#WRITER_HEADER}
 * naming the service that wrote it. {@link OutboxRelay} writes it; consumers open it, refusing an
 * event from a service that may not write its topic.
 */
public final class EventEnvelope {

    private EventEnvelope() {}

    /** A record of {@code payload} on {@code topic}, written by {@code writer}. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, byte[] payload, String writer) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, payload);
        record.headers().add(TopicAccess.WRITER_HEADER, writer.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** The writer a record's headers name, if they name one. */
    public static Optional<String> writer(Headers headers) {
        Header writer = headers.lastHeader(TopicAccess.WRITER_HEADER);
        return writer == null || writer.value() == null ? Optional.empty()
                : Optional.of(new String(writer.value(), StandardCharsets.UTF_8));
    }

    /**
     * The event a consumer received: decoded, on its own topic, from the service that writes that topic;
     * anything else is an {@link io.cardeck.events.EventFormatException}, which dead-letters the record.
     */
    public static CardeckEvent open(ConsumerRecord<String, byte[]> record) {
        return EventCodec.decodeFrom(record.topic(), writer(record.headers()).orElse(null), record.value());
    }
}
