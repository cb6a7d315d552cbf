package io.cardeck.pruning.wanda;

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
 * @param allocation        how the sparsity is divided among layers (default: uniform, as in the Wanda paper)
 * @param keepDense         layers left dense
 * @param maxLayerSparsity  no pruned layer goes above this sparsity
 * @param calibrationImages training images whose layer inputs give the input norms (the paper's 128 samples)
 * @param comparison        which weights compete: those of one output unit (the paper) or the whole layer
 */
public record WandaParameters(
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
        @JsonProperty(defaultValue = "128")
        @JsonPropertyDescription(UnstructuredParameters.CALIBRATION_IMAGES)
        @Min(1) @Max(60000)
        Integer calibrationImages,
        @JsonProperty(defaultValue = "unit")
        @JsonPropertyDescription("unit: weights compete within each output unit, each unit losing the same share (the"
                + " Wanda paper); layer: within the whole layer, as magnitude pruning does.")
        Comparison comparison) implements UnstructuredParameters {

    /** Which weights a layer's zeros are chosen among. */
    public enum Comparison {
        @JsonProperty("unit") UNIT,
        @JsonProperty("layer") LAYER
    }

    public WandaParameters {
        keepDense = keepDense == null ? null : List.copyOf(keepDense);
    }
}
