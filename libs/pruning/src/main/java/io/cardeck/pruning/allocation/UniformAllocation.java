package io.cardeck.pruning.allocation;

/** Every layer at the target sparsity: what layer-wise methods (Wanda, L-OBS) do by default. */
public final class UniformAllocation implements Allocation {

    @Override
    public AllocationType type() {
        return AllocationType.UNIFORM;
    }

    @Override
    public LayerBudget allocate(AllocationInput input) {
        return input.target().uniform();
    }
}
