package io.cardeck.pruning.unstructured;

import io.cardeck.onnx.FloatTensor;

/**
 * A pruned layer's new values: its weight in the initializer's layout, and its bias when the method
 * changed it (an OBS update compensates through the bias too), else null.
 */
public record LayerWeights(float[] weight, FloatTensor bias) {

    public static LayerWeights of(float[] weight) {
        return new LayerWeights(weight, null);
    }
}
