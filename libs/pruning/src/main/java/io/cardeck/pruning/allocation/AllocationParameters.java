package io.cardeck.pruning.allocation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.allocation.dsa.AllocationExpression;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * How a one-shot unstructured method (magnitude, wanda, lobs) divides its sparsity among layers:
 * the {@code allocation} object of their parameters. Options that belong to one type only are
 * refused with another.
 *
 * @param type             the allocation
 * @param band             owl and dsa: layer densities spread over {@code 2 * band} around the target
 * @param outlierThreshold owl: a score above this multiple of its layer's mean is an outlier
 * @param expression       dsa: an allocation function to use instead of searching for one
 * @param generations      dsa search: generations after the first population
 * @param population       dsa search: expressions per generation
 * @param fitnessImages    dsa search: held-out images the loss of a candidate is measured on
 * @param seed             dsa search: seeds every random choice of the search
 */
public record AllocationParameters(
        @JsonProperty(required = true)
        @JsonPropertyDescription("uniform: every layer at the target; global: one threshold over the method's scores in"
                + " all layers; erk: Erdos-Renyi-Kernel densities scaled to the target; owl: layers with more outlier"
                + " activation-weighted scores keep more weights; dsa: per-layer sparsities from an allocation function,"
                + " searched on held-out training images or given as 'expression'.")
        AllocationType type,
        @JsonProperty(defaultValue = "0.08")
        @JsonPropertyDescription("owl and dsa: layer densities are spread over 2 x band around the target (the papers'"
                + " lambda).")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("0.5")
        Double band,
        @JsonProperty(defaultValue = "5")
        @JsonPropertyDescription("owl: a |w| x input-norm score above this multiple of its layer's mean counts as an"
                + " outlier (OWL's M).")
        @DecimalMin(value = "1", inclusive = false) @DecimalMax("1000")
        Double outlierThreshold,
        @JsonPropertyDescription("dsa: an allocation function to use as is instead of searching, e.g."
                + " 'asin(atan(var(abslog(scores))))': element-wise operators on the layer's scores, one reduction to a"
                + " number, then scalar transforms. The number of each layer is min-max normalised; a higher number"
                + " gives a higher sparsity.")
        @Size(max = AllocationExpression.MAX_LENGTH)
        String expression,
        @JsonProperty(defaultValue = "10")
        @JsonPropertyDescription("dsa search: generations of crossover and mutation after the first population.")
        @Min(0) @Max(500)
        Integer generations,
        @JsonProperty(defaultValue = "12")
        @JsonPropertyDescription("dsa search: allocation functions per generation.")
        @Min(2) @Max(500)
        Integer population,
        @JsonProperty(defaultValue = "256")
        @JsonPropertyDescription("dsa search: held-out training images (never the test split) on which the loss of each"
                + " candidate allocation is measured.")
        @Min(16) @Max(60000)
        Integer fitnessImages,
        @JsonProperty(defaultValue = "0")
        @JsonPropertyDescription("dsa search: seeds every random choice; the same seed finds the same function.")
        Long seed) {

    public AllocationParameters {
        if (expression != null) {
            if (type != AllocationType.DSA) {
                throw new InvalidParameterException("allocation.expression applies to the dsa allocation only; the"
                        + " allocation type is " + (type == null ? "missing" : type.label()));
            }
            AllocationExpression.parse(expression);
        }
    }

    /** An allocation of this type with every option at its default. */
    public static AllocationParameters of(AllocationType type) {
        return PruningParameters.parse("allocation", Map.of("type", type.label()), AllocationParameters.class);
    }
}
