package io.cardeck.pruning.lobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.cardeck.pruning.allocation.AllocationParameters;
import io.cardeck.pruning.unstructured.UnstructuredParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * @param sparsity          fraction of the pruned layers' weights that are zero afterwards
 * @param allocation        how the sparsity is divided among layers (default: uniform)
 * @param keepDense         layers left dense
 * @param maxLayerSparsity  no pruned layer goes above this sparsity
 * @param calibrationImages training images whose layer inputs make the Hessians
 * @param patchesPerImage   input vectors per image in a Hessian (0: all)
 * @param damping           added to the Hessian's diagonal, relative to its mean diagonal
 * @param update            the paper's OBS steps or the exact reconstruction
 * @param saliencyNormalization the saliencies as the paper has them, or divided by their layer's output energy
 */
public record LobsParameters(
        @JsonProperty(required = true)
        @JsonPropertyDescription(UnstructuredParameters.SPARSITY)
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false)
        Double sparsity,
        @JsonProperty(defaultValue = "{\"type\": \"uniform\"}")
        @JsonPropertyDescription(UnstructuredParameters.ALLOCATION)
        @Valid
        AllocationParameters allocation,
        @JsonProperty(defaultValue = "[\"stem\", \"classifier\"]")
        @JsonPropertyDescription(UnstructuredParameters.KEEP_DENSE)
        List<String> keepDense,
        @JsonProperty(defaultValue = "1")
        @JsonPropertyDescription(UnstructuredParameters.MAX_LAYER_SPARSITY)
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        Double maxLayerSparsity,
        @JsonProperty(defaultValue = "1024")
        @JsonPropertyDescription(UnstructuredParameters.CALIBRATION_IMAGES + " Their layer inputs make each layer's"
                + " Hessian (1/n) sum y y^T.")
        @Min(1) @Max(60000)
        Integer calibrationImages,
        @JsonProperty(defaultValue = "16")
        @JsonPropertyDescription("Input vectors (im2col patches of a Conv, rows of a MatMul) per image in a Hessian,"
                + " chosen at random: the cost of a Hessian grows with them; 0 takes all. Input norms always use all.")
        @Min(0) @Max(100000)
        Integer patchesPerImage,
        @JsonProperty(defaultValue = "0.01")
        @JsonPropertyDescription("Added to the Hessian's diagonal before it is inverted, as a fraction of its mean"
                + " diagonal: keeps the inverse defined where inputs are constant or dead.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("100")
        Double damping,
        @JsonProperty(defaultValue = "exact")
        @JsonPropertyDescription("paper: one OBS step per removed weight with the layer's inverse Hessian, as the paper and"
                + " its code; exact: the least-squares reconstruction of each unit from the weights it keeps (the OBS"
                + " steps with the inverse downdated after each removal).")
        ObsUpdate update,
        @JsonProperty(defaultValue = "none")
        @JsonPropertyDescription("none: the paper's saliencies, the output error each removal adds in its layer's own"
                + " units; layer: each divided by its layer's mean squared output over the calibration inputs, so that"
                + " a global allocation compares the error relative to each layer's scale (a BatchNorm after a layer"
                + " rescales its output and makes the paper's saliencies of different layers incomparable).")
        SaliencyNormalization saliencyNormalization) implements UnstructuredParameters {

    public LobsParameters {
        keepDense = keepDense == null ? null : List.copyOf(keepDense);
    }
}
