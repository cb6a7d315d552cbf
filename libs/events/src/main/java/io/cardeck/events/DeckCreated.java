package io.cardeck.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A deck of CARDs was created and serves inference.
 *
 * @param modelIds the cards' models, in the deck's order
 * @param domains  each card's training domain, in the same order
 */
public record DeckCreated(UUID eventId, Instant occurredAt, String deck, String mode, List<String> modelIds,
                          List<String> domains) implements CardeckEvent {

    public DeckCreated {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        if (!DeckName.valid(deck)) {
            throw new IllegalArgumentException("deck name '" + deck + "' is not " + DeckName.RULE);
        }
        EventChecks.text(mode, "mode");
        modelIds = List.copyOf(EventChecks.present(modelIds, "modelIds"));
        domains = List.copyOf(EventChecks.present(domains, "domains"));
        if (modelIds.isEmpty() || modelIds.size() != domains.size()) {
            throw new IllegalArgumentException("a deck needs one domain per model and at least one model, got "
                    + modelIds.size() + " models and " + domains.size() + " domains");
        }
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
