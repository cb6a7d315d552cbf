package io.cardeck.ensemble.service;

import io.cardeck.deck.CardDeck;
import io.cardeck.evaluation.BatchClassifier;
import java.util.List;
import java.util.Map;

/**
 * A stored deck ready to serve, its members' sessions loaded with it: a batch never waits for the
 * registry.
 *
 * @param members each card's classifier, by model id
 */
public record LoadedDeck(CardDeck deck, List<String> labels, Map<String, BatchClassifier> members) {

    public LoadedDeck {
        labels = List.copyOf(labels);
        members = Map.copyOf(members);
    }
}
