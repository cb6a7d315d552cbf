package io.cardeck.gateway.service;

import io.cardeck.events.CardeckEvent;
import io.cardeck.events.DeadLetter;
import io.cardeck.events.DeadLetterId;
import io.cardeck.events.EventCodec;
import io.cardeck.gateway.messaging.DeadLetterTopics;
import io.cardeck.gateway.repository.DeadLetterReplays;
import io.cardeck.gateway.repository.DeadLetterReplays.Replay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The messages the platform's consumers dead-lettered (a payload they could not decode, or a change
 * they could not apply, e.g. while the database was down), for an operator to inspect and replay.
 * A replay publishes the original key and payload to the original topic once: a second replay of
 * the same dead letter answers with the first. Consumers keep the ids of the events they applied,
 * so even a message published twice is applied once.
 */
@ApplicationScoped
public class DeadLetters {

    /** Most dead letters one listing returns. */
    public static final int MAX_LIMIT = 1000;

    private final DeadLetterTopics topics;
    private final DeadLetterReplays replays;

    public DeadLetters(DeadLetterTopics topics, DeadLetterReplays replays) {
        this.topics = topics;
        this.replays = replays;
    }

    /** The newest {@code limit} dead letters of every dead-letter topic, newest first, with their replays. */
    @Transactional
    public List<DeadLetterView> newest(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
        return topics.newest(limit).stream()
                .map(letter -> DeadLetterView.of(letter,
                        replays.find(letter.id().toString()).map(Replay::replayedAt).orElse(null)))
                .toList();
    }

    /**
     * @throws InvalidInputException for an id that is not of the dead letters' form
     * @throws UnknownIdException when no dead letter is at {@code id}
     * @throws NotReplayableException when the payload is no event of its topic
     */
    @Transactional
    public DeadLetterReplayView replay(String id, String caller) {
        DeadLetterId parsed;
        try {
            parsed = DeadLetterId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        Optional<Replay> earlier = replays.find(parsed.toString());
        if (earlier.isPresent()) {
            return DeadLetterReplayView.of(earlier.get(), false);
        }
        DeadLetter letter = topics.find(parsed).orElseThrow(() -> new UnknownIdException("no dead letter at " + parsed
                + " (its topic holds no message at that partition and offset); GET /api/admin/dead-letters lists them"));
        letter.whyNotReplayable().ifPresent(why -> {
            throw new NotReplayableException("dead letter " + parsed + " cannot be replayed: " + why
                    + "; a replay would only be dead-lettered again");
        });
        CardeckEvent event = EventCodec.decode(letter.payload());
        // Microseconds, as PostgreSQL keeps them: the first answer and the recorded replay say the same time.
        Replay replay = new Replay(parsed.toString(), letter.topic(), letter.key(), event.eventId(), caller,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (!replays.record(replay)) {
            return DeadLetterReplayView.of(replays.find(parsed.toString()).orElseThrow(), false);
        }
        // Inside the transaction: if Kafka does not take it, the replay is not recorded and may be tried again.
        topics.republish(letter);
        return DeadLetterReplayView.of(replay, true);
    }
}
