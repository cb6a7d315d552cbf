package io.cardeck.pruning.magnitude;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.cardeck.pruning.unstructured.Scope;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.util.List;

/**
 * @param sparsity         fraction of the pruned layers' weights that are zero afterwards
 * @param scope            one ranking over all pruned layers, or each layer alone
 * @param keepDense        layers left dense: node or weight names, {@code stem} and {@code classifier}
 * @param maxLayerSparsity no pruned layer goes above this sparsity (global scope)
 */
public record MagnitudeParameters(
        @JsonProperty(required = true)
        @JsonPropertyDescription("Fraction of the pruned layers' weights that are zero afterwards.")
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false)
        Double sparsity,
        @JsonProperty(defaultValue = "global")
        @JsonPropertyDescription("global: one magnitude ranking over all pruned layers; layer: each layer pruned to the"
                + " same sparsity.")
        Scope scope,
        @JsonProperty(defaultValue = "[\"stem\", \"classifier\"]")
        @JsonPropertyDescription("Layers left dense: node or weight names, 'stem' (the first Conv, if any) and"
                + " 'classifier' (the last prunable layer). [] prunes every layer.")
        List<String> keepDense,
        @JsonProperty(defaultValue = "1")
        @JsonPropertyDescription("With global scope, no layer goes above this sparsity; what it keeps is pruned from the"
                + " others, so the overall target still holds.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        Double maxLayerSparsity) {

    public MagnitudeParameters {
        keepDense = keepDense == null ? null : List.copyOf(keepDense);
    }
}
