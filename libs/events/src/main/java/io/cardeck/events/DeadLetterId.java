package io.cardeck.events;

import java.util.Objects;

/**
 * Where a dead letter lies: its dead-letter topic, partition and offset, written
 * {@code <dead-letter topic>:<partition>:<offset>} (e.g. {@code cardeck.prune.requests.dlq:0:17}).
 * A Kafka record's place never changes, so the id names one message for as long as the topic keeps it.
 */
public record DeadLetterId(String deadLetterTopic, int partition, long offset) {

    private static final String FORM = "<dead-letter topic>:<partition>:<offset>, e.g. "
            + Topics.deadLetter(Topics.PRUNE_REQUESTS) + ":0:17";

    public DeadLetterId {
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        if (Topics.ALL.stream().map(Topics::deadLetter).noneMatch(deadLetterTopic::equals)) {
            throw new IllegalArgumentException("'" + deadLetterTopic + "' is not a dead-letter topic; accepted: "
                    + String.join(", ", Topics.ALL.stream().map(Topics::deadLetter).toList()));
        }
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0, got " + partition + " and " + offset);
        }
    }

    /**
     * @throws IllegalArgumentException saying what the accepted form is
     */
    public static DeadLetterId parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("dead letter id '" + text + "' is not of the form " + FORM);
        }
        try {
            return new DeadLetterId(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dead letter id '" + text + "' is not of the form " + FORM
                    + " (partition and offset are numbers)", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dead letter id '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The topic the message was consumed from, where a replay publishes it again. */
    public String originalTopic() {
        return deadLetterTopic.substring(0, deadLetterTopic.length() - Topics.DEAD_LETTER_SUFFIX.length());
    }

    @Override
    public String toString() {
        return deadLetterTopic + ":" + partition + ":" + offset;
    }
}
