package io.cardeck.pruning;

/** What pruning did to one layer's weight. */
public record LayerChange(String layer, String node, String op, long parameters, long nonZerosBefore, long nonZerosAfter) {

    public double sparsityBefore() {
        return 1 - (double) nonZerosBefore / parameters;
    }

    public double sparsityAfter() {
        return 1 - (double) nonZerosAfter / parameters;
    }
}
