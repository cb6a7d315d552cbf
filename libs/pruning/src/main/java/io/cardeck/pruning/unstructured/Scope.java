package io.cardeck.pruning.unstructured;

/** Where the sparsity target applies: to all prunable weights together, or to each layer alone. */
public enum Scope {
    /** One ranking over every prunable weight: layers end up with different sparsities. */
    GLOBAL,
    /** Each layer ranked alone and pruned to the same sparsity. */
    LAYER
}
