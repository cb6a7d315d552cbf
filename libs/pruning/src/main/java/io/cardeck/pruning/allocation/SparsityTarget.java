package io.cardeck.pruning.allocation;

import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PrunableLayer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The sparsity a one-shot method must meet over the layers it prunes, and each layer's ceiling
 * ({@code maxLayerSparsity}). Every allocation ends here: it proposes per-layer densities or
 * sparsities and this turns them into whole zero counts that meet the target exactly
 * ({@code round(sparsity * weights)} zeros in all) with no layer above its ceiling.
 */
public final class SparsityTarget {

    private static final int BISECTION_STEPS = 200;

    private final List<String> layers;
    private final int[] sizes;
    private final int[] ceilings;
    private final double sparsity;
    private final double maxLayerSparsity;
    private final long total;
    private final long zeros;

    private SparsityTarget(List<String> layers, int[] sizes, double sparsity, double maxLayerSparsity) {
        this.layers = List.copyOf(layers);
        this.sizes = sizes.clone();
        this.sparsity = sparsity;
        this.maxLayerSparsity = maxLayerSparsity;
        this.ceilings = Arrays.stream(sizes).map(n -> (int) Math.floor(maxLayerSparsity * n)).toArray();
        this.total = Arrays.stream(sizes).asLongStream().sum();
        this.zeros = Math.round(sparsity * total);
        if (Arrays.stream(ceilings).asLongStream().sum() < zeros) {
            throw new InvalidParameterException("a sparsity of " + sparsity + " cannot be met with no layer above "
                    + maxLayerSparsity + "; raise maxLayerSparsity or lower the sparsity");
        }
    }

    /**
     * @throws InvalidParameterException if the ceilings make the target unreachable
     */
    public static SparsityTarget of(List<PrunableLayer> layers, double sparsity, double maxLayerSparsity) {
        return new SparsityTarget(layers.stream().map(PrunableLayer::name).toList(),
                layers.stream().mapToInt(PrunableLayer::size).toArray(), sparsity, maxLayerSparsity);
    }

    public double sparsity() {
        return sparsity;
    }

    public double maxLayerSparsity() {
        return maxLayerSparsity;
    }

    public int layerCount() {
        return sizes.length;
    }

    public List<String> layers() {
        return layers;
    }

    public int size(int layer) {
        return sizes[layer];
    }

    /** The most zeros layer {@code layer} may have. */
    public int ceiling(int layer) {
        return ceilings[layer];
    }

    /** Zeros over all layers afterwards: {@code round(sparsity * weights)}. */
    public long zeros() {
        return zeros;
    }

    /** Every layer at the target (as near as whole weights and the exact total allow). */
    public LayerBudget uniform() {
        double[] sparsities = new double[sizes.length];
        Arrays.fill(sparsities, sparsity);
        return fromSparsities(sparsities, Map.of());
    }

    /**
     * Densities {@code epsilon * d}, clamped to [1 - ceiling, 1] per layer, with the one scale that
     * meets the target: ERK's rule, where a layer whose density would pass 1 stays dense and the
     * others take up the rest.
     *
     * @param densities non-negative, not all zero
     */
    public LayerBudget byScale(double[] densities, Map<String, Object> details) {
        check(densities);
        if (Arrays.stream(densities).anyMatch(d -> d < 0) || Arrays.stream(densities).allMatch(d -> d == 0)) {
            throw new IllegalArgumentException("densities to scale must be non-negative and not all zero: "
                    + Arrays.toString(densities));
        }
        double low = 0;
        double high = 1 / Arrays.stream(densities).filter(d -> d > 0).min().orElseThrow();
        for (int step = 0; step < BISECTION_STEPS; step++) {
            double middle = (low + high) / 2;
            if (keptWeights(l -> middle * densities[l]) < total - zeros) {
                low = middle;
            } else {
                high = middle;
            }
        }
        double scale = high;
        Map<String, Object> withScale = new java.util.LinkedHashMap<>(details);
        withScale.put("scale", scale);
        return fromSparsities(IntStream.range(0, sizes.length).mapToDouble(l -> 1 - density(scale * densities[l], l)).toArray(),
                withScale);
    }

    /**
     * Layer densities spread over {@code [0, 2 * band]} by min-max normalised {@code importance}
     * (higher importance: denser), then shifted onto the target: the mapping of OWL and DSA. When
     * every layer is equally important the allocation is uniform.
     *
     * <p>The one shift is found so that the target holds over weights (the mean density weighted by
     * layer size), with every layer's density kept within {@code band} of the target density, as
     * the papers' lambda bounds it. Their layers are of one size, so an unweighted shift keeps them
     * in the band; here a large layer dominates the weighted mean, and without the clamp a shift
     * that fits it pushed LeNet-5's small conv2 to 100% sparsity at a 90% target.
     */
    public LayerBudget byBand(double[] importance, double band, Map<String, Object> details) {
        check(importance);
        double min = Arrays.stream(importance).min().orElseThrow();
        double max = Arrays.stream(importance).max().orElseThrow();
        double[] densities = new double[importance.length];
        if (max > min) {
            for (int l = 0; l < importance.length; l++) {
                densities[l] = (importance[l] - min) / (max - min) * 2 * band;
            }
        }
        double lowest = Math.max(0, 1 - sparsity - band);
        double highest = Math.min(1, 1 - sparsity + band);
        DoubleFunction<IntToDoubleFunction> shifted = shift -> l -> Math.max(lowest, Math.min(highest, densities[l] + shift));
        double low = -1 - 2 * band;
        double high = 1;
        for (int step = 0; step < BISECTION_STEPS; step++) {
            double middle = (low + high) / 2;
            if (keptWeights(shifted.apply(middle)) < total - zeros) {
                low = middle;
            } else {
                high = middle;
            }
        }
        IntToDoubleFunction banded = shifted.apply(high);
        return fromSparsities(IntStream.range(0, sizes.length).mapToDouble(l -> 1 - density(banded.applyAsDouble(l), l)).toArray(),
                details);
    }

    /**
     * Whole zero counts nearest to {@code sparsities} (each clamped to [0, ceiling]) that sum to the
     * target exactly: floors first, then the largest remainders get the weights still missing (or
     * the smallest lose the ones too many), ties to the earlier layer.
     */
    public LayerBudget fromSparsities(double[] sparsities, Map<String, Object> details) {
        check(sparsities);
        int n = sizes.length;
        int[] counts = new int[n];
        double[] remainder = new double[n];
        long assigned = 0;
        for (int l = 0; l < n; l++) {
            double wanted = Math.max(0, Math.min(ceilings[l], sparsities[l] * sizes[l]));
            counts[l] = (int) Math.floor(wanted);
            remainder[l] = wanted - counts[l];
            assigned += counts[l];
        }
        Integer[] byRemainder = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        long missing = zeros - assigned;
        if (missing > 0) {
            Arrays.sort(byRemainder, Comparator.comparingDouble((Integer l) -> -remainder[l]).thenComparingInt(l -> l));
            while (missing > 0) {
                for (int l : byRemainder) {
                    if (missing > 0 && counts[l] < ceilings[l]) {
                        counts[l]++;
                        missing--;
                    }
                }
            }
        } else if (missing < 0) {
            Arrays.sort(byRemainder, Comparator.comparingDouble((Integer l) -> remainder[l]).thenComparingInt(l -> l));
            while (missing < 0) {
                for (int l : byRemainder) {
                    if (missing < 0 && counts[l] > 0) {
                        counts[l]--;
                        missing++;
                    }
                }
            }
        }
        return new LayerBudget(layers, sizes, counts, details);
    }

    /**
     * @throws IllegalArgumentException if a count is negative, above its ceiling, or the total misses the target
     */
    public LayerBudget fromCounts(int[] counts, Map<String, Object> details) {
        if (counts.length != sizes.length) {
            throw new IllegalArgumentException(counts.length + " counts for " + sizes.length + " layers");
        }
        long sum = 0;
        for (int l = 0; l < counts.length; l++) {
            if (counts[l] < 0 || counts[l] > ceilings[l]) {
                throw new IllegalArgumentException(layers.get(l) + ": " + counts[l] + " zeros, ceiling " + ceilings[l]);
            }
            sum += counts[l];
        }
        if (sum != zeros) {
            throw new IllegalArgumentException(sum + " zeros in all; the target is " + zeros);
        }
        return new LayerBudget(layers, sizes, counts, details);
    }

    private double keptWeights(IntToDoubleFunction rawDensity) {
        double kept = 0;
        for (int l = 0; l < sizes.length; l++) {
            kept += density(rawDensity.applyAsDouble(l), l) * sizes[l];
        }
        return kept;
    }

    private double density(double raw, int layer) {
        double floor = 1 - (double) ceilings[layer] / sizes[layer];
        return Math.max(floor, Math.min(1, raw));
    }

    private void check(double[] values) {
        if (values.length != sizes.length) {
            throw new IllegalArgumentException(values.length + " values for " + sizes.length + " layers");
        }
        for (int l = 0; l < values.length; l++) {
            if (!Double.isFinite(values[l])) {
                throw new IllegalArgumentException(layers.get(l) + ": " + values[l] + " is not a finite value");
            }
        }
    }
}
