package io.cardeck.pruning.lobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What L-OBS divides a weight's saliency by before an allocation compares saliencies. */
public enum SaliencyNormalization {
    /** Nothing: the paper's saliency, the output error a removal adds, in its layer's own units. */
    @JsonProperty("none") NONE,
    /**
     * The layer's mean squared output ({@code w^T H w} averaged over its output units): the error
     * relative to the layer's scale, which a following BatchNorm does not change.
     */
    @JsonProperty("layer") LAYER
}
