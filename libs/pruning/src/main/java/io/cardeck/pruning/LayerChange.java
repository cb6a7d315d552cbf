package io.cardeck.pruning;

import java.util.List;

/**
 * What pruning did to one layer's weight: its dims before and after (they differ when structured
 * pruning removes filters or channels) and its non-zero count before and after.
 */
public record LayerChange(String layer, String node, String op, List<Long> dimsBefore, List<Long> dimsAfter,
                          long nonZerosBefore, long nonZerosAfter) {

    public LayerChange {
        dimsBefore = List.copyOf(dimsBefore);
        dimsAfter = List.copyOf(dimsAfter);
    }

    /** A change that keeps the weight's shape (unstructured pruning). */
    public static LayerChange inPlace(String layer, String node, String op, long[] dims, long nonZerosBefore,
                                      long nonZerosAfter) {
        List<Long> shape = java.util.Arrays.stream(dims).boxed().toList();
        return new LayerChange(layer, node, op, shape, shape, nonZerosBefore, nonZerosAfter);
    }

    public long parameters() {
        return dimsBefore.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
    }

    public long parametersAfter() {
        return dimsAfter.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
    }

    /** Zero share of the weight before, in its original shape. */
    public double sparsityBefore() {
        return 1 - (double) nonZerosBefore / parameters();
    }

    /** Zero share after, counted against the original shape (removed entries count as zero). */
    public double sparsityAfter() {
        return 1 - (double) nonZerosAfter / parameters();
    }

    /** The lineage's record of this layer: name, dims before and after, sparsity after. */
    public java.util.Map<String, Object> recipe() {
        return java.util.Map.of("layer", layer, "before", dimsBefore, "after", dimsAfter, "sparsity", sparsityAfter());
    }
}
