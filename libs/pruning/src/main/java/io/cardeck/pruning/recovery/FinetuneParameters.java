package io.cardeck.pruning.recovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * A training recipe: the fine-tuning of every method's recovery, and the retraining of each LRR/LTH
 * round. SGD with Nesterov momentum 0.9 and weight decay, as the zoo was trained.
 */
public record FinetuneParameters(
        @JsonProperty(defaultValue = "3") @JsonPropertyDescription("Training epochs.")
        @Min(1) @Max(200) Integer epochs,
        @JsonProperty(defaultValue = "0.01") @JsonPropertyDescription("Peak learning rate.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double learningRate,
        @JsonProperty(defaultValue = "cosine")
        @JsonPropertyDescription("Learning-rate schedule over the epochs: cosine (with a one-epoch warm-up when there are"
                + " more than two epochs), constant, or step (x0.1 at 50% and 75%).")
        LearningRateShape schedule,
        @JsonProperty(defaultValue = "standard")
        @JsonPropertyDescription("Augmentation domain: standard (crop, flip), gauss (+ Gaussian noise), augmix (+ AugMix).")
        AugmentationDomain domain,
        @JsonProperty(defaultValue = "128") @JsonPropertyDescription("Images per step.")
        @Min(2) @Max(4096) Integer batchSize,
        @JsonProperty(defaultValue = "5e-4") @JsonPropertyDescription("SGD weight decay.")
        @DecimalMin("0") @DecimalMax("0.1") Double weightDecay,
        @JsonProperty(defaultValue = "0") @JsonPropertyDescription("Seeds shuffling, augmentation and dropout.")
        @Min(0) Long seed) {
}
