package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/** A deck was deleted; its name is free again. */
public record DeckDeleted(UUID eventId, Instant occurredAt, String deck) implements CardeckEvent {

    public DeckDeleted {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(deck, "deck");
    }

    @Override
    public String key() {
        return deck;
    }

    @Override
    public String topic() {
        return Topics.DECK_EVENTS;
    }
}
