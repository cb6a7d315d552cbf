package io.cardeck.deck;

import java.util.OptionalDouble;

/**
 * One member of a deck: a model and the training domain (augmentation) it was trained with.
 *
 * @param robustAccuracy the model's robust accuracy when an evaluation has reported it; {@code single}
 *                       mode picks the card with the best one
 */
public record Card(String modelId, String domain, OptionalDouble robustAccuracy) {

    public Card {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("a card needs a model id");
        }
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("card " + modelId + " needs a domain");
        }
        if (robustAccuracy == null) {
            robustAccuracy = OptionalDouble.empty();
        }
    }

    public Card(String modelId, String domain) {
        this(modelId, domain, OptionalDouble.empty());
    }
}
