package io.cardeck.gateway.service;

import io.cardeck.gateway.repository.DeadLetterReplays.Replay;
import java.time.Instant;

/**
 * The answer to a replay.
 *
 * @param republished true when this request published the message; false when an earlier replay
 *        did, which {@code replayedAt} and {@code replayedBy} name
 */
public record DeadLetterReplayView(String id, String topic, String key, String eventId, String replayedBy,
                                   Instant replayedAt, boolean republished) {

    static DeadLetterReplayView of(Replay replay, boolean republished) {
        return new DeadLetterReplayView(replay.deadLetterId(), replay.topic(), replay.key(), replay.eventId().toString(),
                replay.replayedBy(), replay.replayedAt(), republished);
    }
}
