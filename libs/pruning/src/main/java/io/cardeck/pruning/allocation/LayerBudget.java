package io.cardeck.pruning.allocation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an allocation decided: how many weights of each pruned layer are zero afterwards, and what
 * the lineage should record of how it decided (e.g. the DSA expression, OWL's outlier ratios).
 *
 * @param layers  the pruned layers' weight names, in order
 * @param sizes   weights per layer
 * @param zeros   zero weights per layer afterwards
 * @param details what the allocation found, for the lineage
 */
public record LayerBudget(List<String> layers, int[] sizes, int[] zeros, Map<String, Object> details) {

    public LayerBudget {
        layers = List.copyOf(layers);
        sizes = sizes.clone();
        zeros = zeros.clone();
        details = Map.copyOf(details);
        if (layers.size() != sizes.length || sizes.length != zeros.length) {
            throw new IllegalArgumentException(layers.size() + " layers, " + sizes.length + " sizes, " + zeros.length + " counts");
        }
        for (int l = 0; l < zeros.length; l++) {
            if (zeros[l] < 0 || zeros[l] > sizes[l]) {
                throw new IllegalArgumentException(layers.get(l) + ": " + zeros[l] + " zeros of " + sizes[l] + " weights");
            }
        }
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public int[] zeros() {
        return zeros.clone();
    }

    public int zeros(int layer) {
        return zeros[layer];
    }

    public double sparsity(int layer) {
        return (double) zeros[layer] / sizes[layer];
    }

    /** Zero share over all pruned layers together. */
    public double overallSparsity() {
        long zero = 0;
        long total = 0;
        for (int l = 0; l < sizes.length; l++) {
            zero += zeros[l];
            total += sizes[l];
        }
        return (double) zero / total;
    }

    /** Sparsity per layer, by weight name, in layer order. */
    public Map<String, Double> layerSparsities() {
        Map<String, Double> sparsities = new LinkedHashMap<>();
        for (int l = 0; l < sizes.length; l++) {
            sparsities.put(layers.get(l), sparsity(l));
        }
        return sparsities;
    }

    /** The same counts with {@code more} details added. */
    public LayerBudget withDetails(Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.putAll(more);
        return new LayerBudget(layers, sizes, zeros, all);
    }

    /** A key that is equal exactly when two budgets prune the same number of weights in every layer. */
    public String countsKey() {
        return Arrays.toString(zeros);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LayerBudget that && layers.equals(that.layers) && Arrays.equals(sizes, that.sizes)
                && Arrays.equals(zeros, that.zeros) && details.equals(that.details);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layers.hashCode() + Arrays.hashCode(zeros)) + details.hashCode();
    }

    @Override
    public String toString() {
        return "LayerBudget" + layerSparsities();
    }
}
