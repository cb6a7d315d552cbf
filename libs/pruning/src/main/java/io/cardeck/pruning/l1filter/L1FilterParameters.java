package io.cardeck.pruning.l1filter;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.unstructured.Scope;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * @param ratio         fraction of filters removed: from each channel group (layer scope) or from all (global)
 * @param scope         each group pruned by the ratio, or one ranking over all groups
 * @param skip          layers whose filters stay: node or weight names, {@code stem}, {@code classifier}
 * @param maxLayerRatio with global scope, the most of any one group's filters that go
 * @param roundTo       each group keeps a multiple of this many channels
 * @param keepResidualStreams whether the groups that several layers produce (residual streams) stay whole
 */
public record L1FilterParameters(
        @JsonProperty(required = true)
        @JsonPropertyDescription("Fraction of filters removed physically: from each channel group (layer scope) or from"
                + " all groups together (global scope). Coupled layers (a residual stage, a layer and the next one's"
                + " input channels) lose the same channels.")
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false)
        Double ratio,
        @JsonProperty(defaultValue = "layer")
        @JsonPropertyDescription("layer: each group loses round(ratio x its channels), as Li et al. prune each layer;"
                + " global: one ranking of L1 norms, each divided by its group's mean, over all groups.")
        Scope scope,
        @JsonProperty(defaultValue = "[]")
        @JsonPropertyDescription("Layers whose filters are kept (with the channel group they produce): node or weight"
                + " names, 'stem' (the first Conv) and 'classifier' (the last layer).")
        List<String> skip,
        @JsonProperty(defaultValue = "0.9")
        @JsonPropertyDescription("With global scope, no group loses more than this fraction of its channels (and never"
                + " its last one).")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double maxLayerRatio,
        @JsonProperty(defaultValue = "1")
        @JsonPropertyDescription("Each group keeps the nearest multiple of this many channels (at least one multiple;"
                + " groups no larger are left as they are). 8 lets ONNX Runtime's fast blocked convolutions run on x86"
                + " CPUs (16 with AVX-512); 1 keeps the ratio exact.")
        @Min(1) @Max(64)
        Integer roundTo,
        @JsonProperty(defaultValue = "false")
        @JsonPropertyDescription("Keep the channel groups that several layers produce whole: the residual streams, whose"
                + " channels every block of a stage adds to. Only the other groups are pruned (in a ResNet, each block's"
                + " inner channels), as Li et al. prune ResNets; a stream's channels are coupled through the whole stage.")
        Boolean keepResidualStreams) {

    public L1FilterParameters {
        skip = skip == null ? null : List.copyOf(skip);
        if (scope == Scope.GLOBAL && ratio != null && maxLayerRatio != null && ratio > maxLayerRatio) {
            throw new InvalidParameterException("a global ratio of " + ratio + " cannot be met when no layer loses more than"
                    + " maxLayerRatio " + maxLayerRatio + "; accepted: ratio <= maxLayerRatio");
        }
    }
}
