package io.cardeck.pruning.allocation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How a one-shot method's overall sparsity is divided among the layers it prunes. */
public enum AllocationType {
    /** Every layer at the target sparsity. */
    @JsonProperty("uniform") UNIFORM,
    /** One threshold over all layers' importance scores. */
    @JsonProperty("global") GLOBAL,
    /** Erdos-Renyi-Kernel densities (Evci et al. 2020), scaled to the target. */
    @JsonProperty("erk") ERK,
    /** Outlier-weighted layer-wise sparsity (Yin et al. 2024): layers with more outliers keep more weights. */
    @JsonProperty("owl") OWL,
    /** An allocation function found by evolutionary search (DSA, Huang et al. 2024), or one given. */
    @JsonProperty("dsa") DSA;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
