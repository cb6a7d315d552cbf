package io.cardeck.ensemble.service;

import io.cardeck.deck.CardDeck;
import io.cardeck.deck.Routing;

/**
 * The answer to one inference request: class probabilities (images x classes, row-major), how they
 * were chosen, and where its time went.
 */
public record DeckAnswer(CardDeck deck, float[] probabilities, Routing routing, ServingTimes times) {
}
