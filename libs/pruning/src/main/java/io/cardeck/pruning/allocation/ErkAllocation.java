package io.cardeck.pruning.allocation;

import io.cardeck.pruning.PrunableLayer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Erdos-Renyi-Kernel (Evci et al. 2020, RigL): a layer's density is proportional to
 * {@code sum(dims) / prod(dims)} of its weight ({@code (out + in + kh + kw) / (out * in * kh * kw)}
 * for a conv, {@code (out + in) / (out * in)} for a dense layer), scaled to the target; a layer that
 * would pass density 1 stays dense and the others take up the rest.
 */
public final class ErkAllocation implements Allocation {

    @Override
    public AllocationType type() {
        return AllocationType.ERK;
    }

    @Override
    public LayerBudget allocate(AllocationInput input) {
        return input.target().byScale(densities(input.layers()), Map.of());
    }

    /** The unscaled ERK density of each layer. */
    public static double[] densities(List<PrunableLayer> layers) {
        return layers.stream().mapToDouble(layer -> {
            long[] dims = layer.weight().dims();
            return (double) Arrays.stream(dims).sum() / Arrays.stream(dims).reduce(1, Math::multiplyExact);
        }).toArray();
    }
}
