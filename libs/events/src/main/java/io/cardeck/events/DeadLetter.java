package io.cardeck.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message that a consumer could not process, as its dead-letter topic holds it: the original key
 * and payload, the reason the consumer gave, and when it was dead-lettered.
 */
public record DeadLetter(DeadLetterId id, String key, String reason, Instant deadLetteredAt, byte[] payload) {

    /** The header in which SmallRye Reactive Messaging's dead-letter-queue strategy writes the failure's message. */
    public static final String REASON_HEADER = "dead-letter-reason";

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(deadLetteredAt, "deadLetteredAt");
        Objects.requireNonNull(payload, "payload");
    }

    /** The topic the message was consumed from. */
    public String topic() {
        return id.originalTopic();
    }

    /**
     * The payload as the cardeck event it should be on its topic, or why it cannot be replayed: a
     * payload that is no cardeck event, or an event of another topic, would only be dead-lettered again.
     */
    public Optional<String> whyNotReplayable() {
        try {
            CardeckEvent event = EventCodec.decode(payload);
            if (!event.topic().equals(topic())) {
                return Optional.of("its payload is a " + event.getClass().getSimpleName() + ", which belongs on "
                        + event.topic() + ", not " + topic());
            }
            return Optional.empty();
        } catch (EventFormatException e) {
            return Optional.of("its payload is not a cardeck event (" + e.getMessage() + ")");
        }
    }
}
