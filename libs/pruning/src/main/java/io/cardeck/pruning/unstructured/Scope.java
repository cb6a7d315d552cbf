package io.cardeck.pruning.unstructured;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a sparsity target applies, for methods that prune inside their own loops (GMP, LRR, LTH):
 * the two allocations they use. One-shot methods take any allocation through their parameters.
 */
public enum Scope {
    /** One ranking over every prunable weight: the global allocation. */
    @JsonProperty("global") GLOBAL,
    /** Each layer at the target: the uniform allocation. */
    @JsonProperty("layer") LAYER
}
