package io.cardeck.pruning.lrr;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.recovery.FinetuneParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * Iterative pruning with retraining in rounds (LRR, and LTH with a rewind point): each round prunes
 * the same fraction of the remaining weights by global magnitude and retrains with the schedule
 * from its start.
 */
public record RewindingParameters(
        @JsonProperty(required = true)
        @JsonPropertyDescription("Sparsity of the pruned layers after the last round.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double targetSparsity,
        @JsonPropertyDescription("Rounds of prune + retrain (default 4 when ratePerRound is not given); each prunes the same"
                + " fraction of the remaining weights.")
        @Min(1) @Max(MAX_ROUNDS)
        Integer rounds,
        @JsonPropertyDescription("Instead of rounds: the fraction of the remaining weights each round prunes; the last"
                + " round stops at the target.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double ratePerRound,
        @Valid
        @JsonProperty(defaultValue = "{\"epochs\": 5, \"learningRate\": 0.1}")
        @JsonPropertyDescription("The retraining of each round: the learning-rate schedule runs from its start every round.")
        FinetuneParameters retraining,
        @JsonProperty(defaultValue = "[\"stem\", \"classifier\"]")
        @JsonPropertyDescription("Layers left dense: node or weight names, 'stem' (the first Conv, if any) and"
                + " 'classifier' (the last prunable layer). [] prunes every layer.")
        List<String> keepDense) {

    public static final int MAX_ROUNDS = 50;
    static final int DEFAULT_ROUNDS = 4;

    public RewindingParameters {
        keepDense = keepDense == null ? null : List.copyOf(keepDense);
        if (rounds != null && ratePerRound != null) {
            throw new InvalidParameterException("give rounds or ratePerRound, not both (got rounds " + rounds
                    + " and ratePerRound " + ratePerRound + ")");
        }
        if (ratePerRound != null && targetSparsity != null && targetSparsity > 0 && targetSparsity < 1) {
            int needed = roundsFor(targetSparsity, ratePerRound);
            if (needed > MAX_ROUNDS) {
                throw new InvalidParameterException("ratePerRound " + ratePerRound + " needs " + needed + " rounds to reach "
                        + targetSparsity + "; at most " + MAX_ROUNDS + " are accepted: raise ratePerRound to at least "
                        + String.format("%.4f", 1 - Math.pow(1 - targetSparsity, 1.0 / MAX_ROUNDS)));
            }
        }
    }

    /** The number of rounds this run makes. */
    public int roundCount() {
        return ratePerRound != null ? roundsFor(targetSparsity, ratePerRound) : rounds != null ? rounds : DEFAULT_ROUNDS;
    }

    /**
     * The sparsity after {@code round} (from 1) of {@link #roundCount()}, starting from
     * {@code initial}: each round removes the same share of what the previous one left (with a
     * rate, the last round stops at the target).
     */
    public double sparsityAfter(int round, double initial) {
        int count = roundCount();
        if (round >= count) {
            return targetSparsity;
        }
        double keep = ratePerRound != null ? Math.pow(1 - ratePerRound, round)
                : Math.pow((1 - targetSparsity) / (1 - initial), (double) round / count);
        return Math.min(targetSparsity, 1 - (1 - initial) * keep);
    }

    private static int roundsFor(double target, double rate) {
        return (int) Math.ceil(Math.log(1 - target) / Math.log(1 - rate) - 1e-9);
    }
}
