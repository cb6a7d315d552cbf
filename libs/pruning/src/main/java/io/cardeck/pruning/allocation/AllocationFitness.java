package io.cardeck.pruning.allocation;

/** How good an allocation is once the method prunes by it: lower is better (a held-out loss). */
@FunctionalInterface
public interface AllocationFitness {

    double loss(LayerBudget budget);
}
