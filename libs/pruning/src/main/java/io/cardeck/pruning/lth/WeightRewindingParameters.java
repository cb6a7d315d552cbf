package io.cardeck.pruning.lth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.lrr.RewindingParameters;
import io.cardeck.pruning.recovery.FinetuneParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * The lottery ticket with weight rewinding: the rounds of LRR ({@link #schedule()}), after a dense
 * training from a fresh initialisation that keeps its weights at epoch {@code rewindEpoch}; each
 * round restores the surviving weights to those. The round parameters are repeated here rather
 * than nested because Jackson cannot unwrap a record's constructor properties, and users write
 * them flat for both methods.
 */
public record WeightRewindingParameters(
        @JsonProperty(required = true)
        @JsonPropertyDescription("Sparsity of the pruned layers after the last round.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double targetSparsity,
        @JsonPropertyDescription("Rounds of prune + rewind + retrain (default 4 when ratePerRound is not given).")
        @Min(1) @Max(RewindingParameters.MAX_ROUNDS)
        Integer rounds,
        @JsonPropertyDescription("Instead of rounds: the fraction of the remaining weights each round prunes.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double ratePerRound,
        @Valid
        @JsonProperty(defaultValue = "{\"epochs\": 5, \"learningRate\": 0.1}")
        @JsonPropertyDescription("The retraining of each round (and, for denseEpochs, of the dense training).")
        FinetuneParameters retraining,
        @JsonProperty(defaultValue = "[\"stem\", \"classifier\"]")
        @JsonPropertyDescription("Layers left dense: node or weight names, 'stem' (the first Conv, if any) and"
                + " 'classifier' (the last prunable layer). [] prunes every layer.")
        List<String> keepDense,
        @JsonProperty(defaultValue = "1")
        @JsonPropertyDescription("The dense training's epoch whose weights each round rewinds the survivors to (0: the"
                + " initialisation).")
        @Min(0) @Max(200)
        Integer rewindEpoch,
        @JsonProperty(defaultValue = "20")
        @JsonPropertyDescription("Epochs of the dense training from a fresh initialisation that comes first; it uses the"
                + " retraining recipe's learning rate, schedule shape, augmentation and seed.")
        @Min(1) @Max(200)
        Integer denseEpochs,
        @JsonProperty(defaultValue = "0")
        @JsonPropertyDescription("Seed of the fresh initialisation (He-normal weights, zero biases, unit BatchNorm).")
        @Min(0)
        Long initSeed) {

    public WeightRewindingParameters {
        keepDense = keepDense == null ? null : List.copyOf(keepDense);
        if (rewindEpoch != null && denseEpochs != null && rewindEpoch >= denseEpochs) {
            throw new InvalidParameterException("rewindEpoch " + rewindEpoch + " must be below denseEpochs " + denseEpochs);
        }
        schedule();
    }

    /** The rounds as LRR's parameters (checked the same way). */
    public RewindingParameters schedule() {
        return new RewindingParameters(targetSparsity, rounds, ratePerRound, retraining, keepDense);
    }
}
