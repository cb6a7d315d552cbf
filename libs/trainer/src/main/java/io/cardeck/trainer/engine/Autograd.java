package io.cardeck.trainer.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Backward passes on PyTorch's autograd. DJL's GradientCollector allows one collector per
 * process; calling the engine directly lets separate trainers run on separate threads.
 */
public final class Autograd {

    private Autograd() {
    }

    /**
     * Computes d {@code loss} / d leaf for every leaf tensor that requires a gradient and adds it to
     * the leaf's gradient (PyTorch accumulates: see {@link #zeroGradient}).
     *
     * @throws IllegalArgumentException if {@code loss} is not a scalar
     */
    public static void backward(NDArray loss) {
        if (loss.getShape().dimension() != 0) {
            throw new IllegalArgumentException("backward needs a scalar loss, got shape " + loss.getShape());
        }
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    /** Sets the accumulated gradient of {@code leaf} to zero. */
    public static void zeroGradient(NDArray leaf) {
        JniUtils.zeroGrad((PtNDArray) leaf);
    }
}
