package io.cardeck.ensemble.service;

import java.time.Instant;
import java.util.List;

/**
 * A deck as {@code GET /decks/{name}} describes it, with each member's latest evaluation figures
 * (null until an evaluation of the model has completed).
 *
 * @param inputShape [C, H, W]
 */
public record DeckView(String name, Gating gating, List<Member> members, List<String> domains, List<Integer> inputShape,
                       List<String> labels, String dataset, Calibration calibration, Instant createdAt) {

    public record Gating(String mode, int k, String granularity, String distance) {
    }

    public record Member(String modelId, String modelName, String domain, Double cleanAccuracy, Double robustAccuracy) {
    }

    public record Calibration(int images, long seed) {
    }
}
