package io.cardeck.ensemble.service;

import com.fasterxml.jackson.annotation.JsonInclude;
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

    /** {@code bands} only for the feature 'bands', {@code temperature} only for the weighting 'soft'. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gating(String mode, int k, String granularity, String distance, String feature, Integer bands,
                         String weighting, Double temperature) {
    }

    public record Member(String modelId, String modelName, String domain, Double cleanAccuracy, Double robustAccuracy) {
    }

    public record Calibration(int images, long seed) {
    }
}
