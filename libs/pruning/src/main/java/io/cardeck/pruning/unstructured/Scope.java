package io.cardeck.pruning.unstructured;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the sparsity target applies: to all prunable weights together, or to each layer alone. */
public enum Scope {
    /** One ranking over every prunable weight: layers end up with different sparsities. */
    @JsonProperty("global") GLOBAL,
    /** Each layer ranked alone and pruned to the same sparsity. */
    @JsonProperty("layer") LAYER
}
