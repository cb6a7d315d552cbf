package io.cardeck.pruning.graph;

import io.cardeck.onnx.OnnxNode;
import java.util.Arrays;

/**
 * An initializer that shrinks when channels go: along {@code axis}, index i belongs to coupled
 * channel {@code channels[i]} and is removed with it.
 *
 * @param node        the node that reads the initializer
 * @param initializer its name
 * @param channels    per index along the axis, the coupled channel it belongs to
 */
public record TensorSlice(OnnxNode node, String initializer, int axis, int[] channels, Role role) {

    /** What the initializer is to the channels. */
    public enum Role {
        /** A layer's filters (and bias) that produce the channels: Conv weight dim 0, Gemm output units. */
        FILTERS,
        /** Per-channel parameters of an op the channels pass through: BatchNormalization, depthwise Conv. */
        PER_CHANNEL,
        /** The weights of a layer that reads the channels: Conv weight dim 1, Gemm input columns. */
        INPUTS
    }

    public TensorSlice {
        channels = channels.clone();
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    /** The indices along the axis that stay when the coupled channels marked in {@code removed} go. */
    public int[] kept(boolean[] removed) {
        return keptIndices(channels, removed);
    }

    /** Whether any index along the axis belongs to a channel marked in {@code removed}. */
    public boolean shrinks(boolean[] removed) {
        return Arrays.stream(channels).anyMatch(c -> removed[c]);
    }

    /** The positions of {@code channels} whose coupled channel is not marked in {@code removed}. */
    public static int[] keptIndices(int[] channels, boolean[] removed) {
        int[] kept = new int[channels.length];
        int count = 0;
        for (int i = 0; i < channels.length; i++) {
            if (!removed[channels[i]]) {
                kept[count++] = i;
            }
        }
        return Arrays.copyOf(kept, count);
    }
}
