package io.cardeck.pruning.unstructured;

/**
 * Where a sparsity target applies, for methods that prune inside their own loops (GMP, LRR, LTH):
 * the two allocations they use. One-shot methods take any allocation through their parameters.
 */
public enum Scope {
    /** One ranking over every prunable weight: the global allocation. */
    GLOBAL,
    /** Each layer at the target: the uniform allocation. */
    LAYER
}
