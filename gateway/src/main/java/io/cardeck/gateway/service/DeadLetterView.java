package io.cardeck.gateway.service;

import io.cardeck.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A dead letter as the admin API shows it.
 *
 * @param id what {@code POST /api/admin/dead-letters/{id}/replay} takes
 * @param topic the topic the message was consumed from, where a replay publishes it
 * @param writer the service its envelope names as its writer; null when it names none
 * @param payload the original message as UTF-8 text (cardeck events are JSON)
 * @param replayedAt when it was replayed; null if it was not
 */
public record DeadLetterView(String id, String topic, String key, String writer, String reason, Instant deadLetteredAt,
                             String payload, Instant replayedAt) {

    static DeadLetterView of(DeadLetter letter, Instant replayedAt) {
        return new DeadLetterView(letter.id().toString(), letter.topic(), letter.key(), letter.writer(), letter.reason(),
                letter.deadLetteredAt(), new String(letter.payload(), StandardCharsets.UTF_8), replayedAt);
    }
}
