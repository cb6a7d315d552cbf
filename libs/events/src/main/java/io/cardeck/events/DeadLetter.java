package io.cardeck.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message that a consumer could not process, as its dead-letter topic holds it: the original key
 * and payload, the writer its envelope named (null when none; the dead-letter strategy keeps the
 * original headers), the reason the consumer gave, and when it was dead-lettered.
 */
public record DeadLetter(DeadLetterId id, String key, String writer, String reason, Instant deadLetteredAt, byte[] payload) {

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
     * Why it cannot be replayed, if it cannot: a payload that is no cardeck event, an event of another
     * topic, or one whose writer may not write its topic would only be dead-lettered again.
     */
    public Optional<String> whyNotReplayable() {
        CardeckEvent event;
        try {
            event = EventCodec.decode(payload);
        } catch (EventFormatException e) {
            return Optional.of("its payload is not a cardeck event (" + e.getMessage() + ")");
        }
        if (!event.topic().equals(topic())) {
            return Optional.of("its payload is a " + event.getClass().getSimpleName() + ", which belongs on "
                    + event.topic() + ", not " + topic());
        }
        return TopicAccess.refusal(topic(), writer());
    }
}
