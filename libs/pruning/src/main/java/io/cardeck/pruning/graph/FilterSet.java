package io.cardeck.pruning.graph;

import io.cardeck.onnx.FloatTensor;

/**
 * The filters one layer contributes to a channel group: for each channel of the group, the indices
 * along the weight's output axis that produce it (one, or one per group of a grouped Conv).
 *
 * @param node    the producing layer's node label
 * @param op      Conv or Gemm
 * @param weight  its weight initializer
 * @param axis    the weight's output axis (0, or 1 for a Gemm with transB = 0)
 * @param indices per channel of the group, the filters along {@code axis}
 */
public record FilterSet(String node, String op, String weight, int axis, int[][] indices) {

    public FilterSet {
        int[][] copy = new int[indices.length][];
        for (int c = 0; c < indices.length; c++) {
            copy[c] = indices[c].clone();
        }
        indices = copy;
    }

    @Override
    public int[][] indices() {
        int[][] copy = new int[indices.length][];
        for (int c = 0; c < indices.length; c++) {
            copy[c] = indices[c].clone();
        }
        return copy;
    }

    /**
     * The values of {@code tensor} (this layer's weight, or anything of its dims such as its gradient)
     * that belong to channel {@code channel} of the group: its filters, one after another.
     */
    public float[] filterValues(FloatTensor tensor, int channel) {
        return tensor.select(axis, indices[channel]).data();
    }
}
