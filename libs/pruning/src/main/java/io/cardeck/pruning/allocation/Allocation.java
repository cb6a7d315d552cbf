package io.cardeck.pruning.allocation;

/** Decides how many weights of each layer a one-shot method zeroes, so that the overall target holds. */
public interface Allocation {

    AllocationType type();

    /**
     * @throws io.cardeck.pruning.InvalidParameterException if the allocation cannot be made for this model
     * @throws io.cardeck.pruning.PruningCancelledException if the run is cancelled meanwhile
     */
    LayerBudget allocate(AllocationInput input);

    /** The allocation {@code parameters} describe. */
    static Allocation of(AllocationParameters parameters) {
        return switch (parameters.type()) {
            case UNIFORM -> new UniformAllocation();
            case GLOBAL -> new GlobalAllocation();
            case ERK -> new ErkAllocation();
            case OWL -> new OwlAllocation(parameters.outlierThreshold(), parameters.band());
            case DSA -> new io.cardeck.pruning.allocation.dsa.DsaAllocation(parameters);
        };
    }
}
