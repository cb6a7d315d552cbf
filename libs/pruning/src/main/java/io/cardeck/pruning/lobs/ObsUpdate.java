package io.cardeck.pruning.lobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How L-OBS adjusts an output unit's remaining weights as it removes the chosen ones. */
public enum ObsUpdate {
    /**
     * The paper's procedure (and the official code's): one OBS step per removed weight, in ascending
     * saliency, each with the same inverse Hessian of the whole layer, then the mask re-applied.
     */
    @JsonProperty("paper") PAPER,
    /**
     * The exact result of removing the same weights one at a time while the inverse Hessian is
     * downdated after each removal (as later OBS work does): the least-squares reconstruction of
     * the unit's output from the weights it keeps, solved directly.
     */
    @JsonProperty("exact") EXACT
}
