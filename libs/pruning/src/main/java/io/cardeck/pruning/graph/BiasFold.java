package io.cardeck.pruning.graph;

import io.cardeck.onnx.OnnxNode;

/**
 * What removed channels still contribute to a layer that reads them, for folding into its bias.
 * In the model whose removed filters are zeroed, a removed channel is a constant map: its producer's
 * bias carried through BatchNormalization, activations, pooling and residual sums. The layer turns
 * that constant into a constant per output unit, which the pruned model adds to the layer's bias.
 *
 * <p>The fold is exact where the constant is exactly uniform ({@code exact}) and the layer adds no
 * zero padding (a padded Conv sees the constant in its interior but zeros at the borders, so the fold
 * is exact inside and off by the missing border terms); a zero constant folds exactly everywhere.
 *
 * @param node           the Conv or Gemm that reads the channels
 * @param weight         its weight initializer
 * @param bias           its bias initializer, or null when it has none (the fold creates one)
 * @param channels       per input position (Conv input channel, Gemm input column), its coupled channel
 * @param constants      per input position, the constant it would hold if its channel were removed
 * @param exact          per input position, whether that constant is exactly uniform over the map
 * @param padded         whether the layer is a Conv with zero padding
 * @param groups         the Conv's group count (1 for Gemm)
 * @param outputChannels per output unit of the layer, its coupled channel (a new bias shrinks with them)
 * @param scale          what multiplies a contribution before it joins the bias (Gemm: alpha / beta)
 * @param transposed     for Gemm, whether the weight is [out, in] (transB = 1)
 */
public record BiasFold(OnnxNode node, String weight, String bias, int[] channels, float[] constants, boolean[] exact,
                       boolean padded, int groups, int[] outputChannels, float scale, boolean transposed) {

    public BiasFold {
        channels = channels.clone();
        constants = constants.clone();
        exact = exact.clone();
        outputChannels = outputChannels.clone();
    }

    public boolean isConv() {
        return node.opType().equals("Conv");
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    @Override
    public float[] constants() {
        return constants.clone();
    }

    @Override
    public boolean[] exact() {
        return exact.clone();
    }

    @Override
    public int[] outputChannels() {
        return outputChannels.clone();
    }

    /** Whether folding the channels marked in {@code removed} reproduces their contribution exactly. */
    public boolean exactFor(boolean[] removed) {
        for (int p = 0; p < channels.length; p++) {
            if (removed[channels[p]] && constants[p] != 0f && (!exact[p] || padded)) {
                return false;
            }
        }
        return true;
    }
}
