package io.cardeck.ensemble.service;

import io.cardeck.deck.CardDeck;
import java.util.List;
import java.util.Map;

/**
 * A stored deck ready to serve.
 *
 * @param sha256 the SHA-256 of each card's model bytes, by model id
 */
public record LoadedDeck(CardDeck deck, List<String> labels, Map<String, String> sha256) {

    public LoadedDeck {
        labels = List.copyOf(labels);
        sha256 = Map.copyOf(sha256);
    }
}
