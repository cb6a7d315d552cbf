package io.cardeck.pruning.gmp;

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

/** Gradual magnitude pruning during one training run, on the cubic schedule. */
public record GradualParameters(
        @JsonProperty(required = true)
        @JsonPropertyDescription("Sparsity of the pruned layers at the end of the schedule.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double targetSparsity,
        @JsonProperty(defaultValue = "0")
        @JsonPropertyDescription("Fraction of the training (in epochs) after which pruning starts.")
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false)
        Double startFraction,
        @JsonProperty(defaultValue = "0.75")
        @JsonPropertyDescription("Fraction of the training after which the target is reached; the rest trains at the"
                + " target sparsity.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        Double endFraction,
        @JsonProperty(defaultValue = "100")
        @JsonPropertyDescription("Training steps between two pruning steps.")
        @Min(1) @Max(100000)
        Integer interval,
        @Valid
        @JsonProperty(defaultValue = "{\"epochs\": 20, \"learningRate\": 0.1}")
        @JsonPropertyDescription("The training run during which the model is pruned.")
        FinetuneParameters training,
        @JsonProperty(defaultValue = "[\"stem\", \"classifier\"]")
        @JsonPropertyDescription("Layers left dense: node or weight names, 'stem' (the first Conv, if any) and"
                + " 'classifier' (the last prunable layer). [] prunes every layer.")
        List<String> keepDense) {

    public GradualParameters {
        keepDense = keepDense == null ? null : List.copyOf(keepDense);
        if (startFraction != null && endFraction != null && endFraction <= startFraction) {
            throw new InvalidParameterException("endFraction " + endFraction + " must be above startFraction " + startFraction);
        }
    }
}
