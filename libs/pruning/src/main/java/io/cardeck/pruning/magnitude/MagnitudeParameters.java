package io.cardeck.pruning.magnitude;

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
 * @param allocation        how the sparsity is divided among layers (default: one global threshold)
 * @param keepDense         layers left dense: node or weight names, {@code stem} and {@code classifier}
 * @param maxLayerSparsity  no pruned layer goes above this sparsity
 * @param calibrationImages training images for the owl allocation's outlier scores (magnitude itself needs none)
 */
public record MagnitudeParameters(
        @JsonProperty(required = true)
        @JsonPropertyDescription(UnstructuredParameters.SPARSITY)
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false)
        Double sparsity,
        @JsonProperty(defaultValue = "{\"type\": \"global\"}")
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
        @JsonPropertyDescription(UnstructuredParameters.CALIBRATION_IMAGES + " Magnitude itself needs none; the owl"
                + " allocation does.")
        @Min(1) @Max(60000)
        Integer calibrationImages) implements UnstructuredParameters {

    public MagnitudeParameters {
        keepDense = keepDense == null ? null : List.copyOf(keepDense);
    }
}
