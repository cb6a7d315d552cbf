package io.cardeck.pruning.recovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;

/**
 * What every method accepts under {@code params.recovery}: what to do after pruning so that the
 * model recovers. BatchNorm recalibration runs first, then fine-tuning; masks (unstructured) and
 * shapes (structured) are kept throughout.
 */
public record RecoveryParameters(
        @JsonProperty(defaultValue = "false")
        @JsonPropertyDescription("Reset BatchNorm running statistics from calibration images of the training split, "
                + "no gradients: the cheap recovery to try first after one-shot pruning.")
        Boolean bnRecalibration,
        @JsonProperty(defaultValue = "1024")
        @JsonPropertyDescription("Calibration images for BatchNorm recalibration.")
        @jakarta.validation.constraints.Min(16) @jakarta.validation.constraints.Max(60000)
        Integer bnImages,
        @Valid
        @JsonPropertyDescription("Fine-tune the pruned model on the training split (held-out part excluded).")
        FinetuneParameters finetune) {

    /** True when there is anything to do. */
    public boolean any() {
        return Boolean.TRUE.equals(bnRecalibration) || finetune != null;
    }
}
