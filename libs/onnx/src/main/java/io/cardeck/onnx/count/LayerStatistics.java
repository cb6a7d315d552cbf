package io.cardeck.onnx.count;

/**
 * Size and cost of one Conv, Gemm or MatMul node.
 *
 * @param node node label (its name, or {@code opType#index} when unnamed)
 * @param op operator type
 * @param weight name of the weight initializer, or null when both operands are computed values
 * @param parameters values in the weight (bias excluded)
 * @param nonZeros weight values that are not exactly zero
 * @param sparsity {@code 1 - nonZeros / parameters}, 0 for a layer without weight
 * @param macs multiply-accumulates for one sample, counted densely (zeros included)
 * @param nonZeroMacs {@code macs} times the weight's density: those with a non-zero weight
 */
public record LayerStatistics(String node, String op, String weight, long parameters, long nonZeros,
                              double sparsity, long macs, long nonZeroMacs) {
}
