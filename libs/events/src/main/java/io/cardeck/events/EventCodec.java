package io.cardeck.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of events on the wire (UTF-8). Strict: unknown types, missing or extra fields are
 * rejected. An event of an earlier version that is still read (see {@link #current}) is read as the
 * current version.
 */
public final class EventCodec {

    /** Largest message accepted, far above any event, so junk cannot exhaust memory. */
    public static final int MAX_BYTES = 1 << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    /** Version 1 of PruneProgressed, written before progress carried training records; read as version 2. */
    static final String PRUNE_PROGRESSED_V1 = "PruneProgressed/v1";

    private EventCodec() {}

    public static byte[] encode(CardeckEvent event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String encodeToString(CardeckEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /** Reads one event; anything else is an {@link EventFormatException} saying what is wrong. */
    public static CardeckEvent decode(byte[] message) {
        if (message == null || message.length == 0) {
            throw new EventFormatException("empty message; expected a JSON cardeck event", null);
        }
        if (message.length > MAX_BYTES) {
            throw new EventFormatException("message of " + message.length + " bytes; events are at most " + MAX_BYTES, null);
        }
        try {
            return JSON.treeToValue(current(JSON.readTree(message)), CardeckEvent.class);
        } catch (ValueInstantiationException e) {
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new EventFormatException("invalid " + e.getType().getRawClass().getSimpleName() + ": " + reason, e);
        } catch (JsonProcessingException e) {
            throw new EventFormatException("not a cardeck event: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The event as its current version: a PruneProgressed/v1 (no training record) becomes a
     * PruneProgressed/v2 without one, so events written by an earlier platform, still in a topic or an
     * outbox, stay readable.
     */
    private static JsonNode current(JsonNode event) {
        if (!event.isObject()) {
            throw new EventFormatException("not a cardeck event: expected a JSON object, got " + event.getNodeType(), null);
        }
        ObjectNode fields = (ObjectNode) event;
        if (PRUNE_PROGRESSED_V1.equals(fields.path("type").asText(null))) {
            if (fields.has("training")) {
                throw new EventFormatException("not a cardeck event: " + PRUNE_PROGRESSED_V1 + " has no field 'training'"
                        + " (training records came with PruneProgressed/v2)", null);
            }
            fields.put("type", "PruneProgressed/v2");
            fields.putNull("training");
        }
        return fields;
    }

    public static CardeckEvent decode(String message) {
        return decode(message == null ? null : message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one event as a consumer of {@code topic} received it, whose envelope names {@code writer}
     * ({@link TopicAccess#WRITER_HEADER}; null when it names none). Besides being an event, it must
     * belong on {@code topic} and come from the service that writes it ({@link TopicAccess}); anything
     * else is an {@link EventFormatException} saying what is wrong, and is not applied.
     */
    public static CardeckEvent decodeFrom(String topic, String writer, byte[] message) {
        CardeckEvent event = decode(message);
        if (!event.topic().equals(topic)) {
            throw new EventFormatException(event.getClass().getSimpleName() + " does not belong on " + topic
                    + " (it is published on " + event.topic() + ")", null);
        }
        TopicAccess.refusal(topic, writer).ifPresent(reason -> {
            throw new EventFormatException("refused " + event.getClass().getSimpleName() + " " + event.eventId() + ": "
                    + reason, null);
        });
        return event;
    }
}
