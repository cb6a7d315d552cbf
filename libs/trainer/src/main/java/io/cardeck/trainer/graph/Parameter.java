package io.cardeck.trainer.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.cardeck.trainer.engine.GradMode;
import java.util.Arrays;
import java.util.Optional;

/**
 * A trainable float initializer of a {@link TorchModel}: its live tensor, the gradient of the last
 * backward pass and an optional 0/1 mask. A masked weight is exactly zero and stays zero through
 * training (the trainer masks gradients, re-masks weights after every update and masks the
 * optimiser's buffers). Change values and masks between training steps only.
 */
public final class Parameter {

    private final String name;
    private final long[] dims;
    private final int size;
    private final NDArray array;
    private final NDManager owner;
    private NDArray mask;
    private boolean trainable = true;

    Parameter(String name, long[] dims, NDArray array, NDManager owner) {
        this.name = name;
        this.dims = dims.clone();
        this.size = Math.toIntExact(array.size());
        this.array = array;
        this.owner = owner;
    }

    /** The initializer's name in the ONNX graph. */
    public String name() {
        return name;
    }

    public long[] dims() {
        return dims.clone();
    }

    /** Number of values. */
    public int size() {
        return size;
    }

    /** The live tensor (autograd leaf) in the model's precision; owned by the model, never close it. */
    public NDArray array() {
        return array;
    }

    /** Whether optimisers update this parameter; true unless {@link #setTrainable} froze it. */
    public boolean isTrainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes the parameter. A frozen parameter still gets gradients but
     * no updates and no weight decay: for float initializers that are settings rather than weights,
     * such as input normalisation constants stored as initializers (Constant nodes never train).
     */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    /** A copy of the current values. */
    public float[] values() {
        return toFloats(array);
    }

    /**
     * Overwrites the values. Under a mask, masked positions become zero whatever {@code values}
     * holds there, so the mask stays true.
     *
     * @throws IllegalArgumentException if the length differs from {@link #size()}
     */
    public void setValues(float[] values) {
        checkLength(values, "values");
        try (GradMode off = GradMode.disabled()) {
            if (array.getDataType() == DataType.FLOAT32) {
                array.set(values);
            } else {
                array.set(widen(values));
            }
        }
        applyMask();
    }

    /**
     * The dense gradient d loss / d value of the last backward pass, zero positions and masked
     * positions included (regrowth criteria read the gradient of zero weights); zeros before the
     * first backward pass.
     */
    public float[] gradient() {
        try (NDArray gradient = array.getGradient()) {
            return toFloats(gradient);
        }
    }

    public boolean hasMask() {
        return mask != null;
    }

    /** A copy of the mask (1 = kept, 0 = pruned), if one is set. */
    public Optional<float[]> mask() {
        return mask == null ? Optional.empty() : Optional.of(toFloats(mask));
    }

    /** The mask tensor (same precision as the values) for the trainer; owned by the parameter, never close it. */
    public Optional<NDArray> maskArray() {
        return Optional.ofNullable(mask);
    }

    /**
     * Sets or replaces the mask and zeroes the masked values at once.
     *
     * @param values one value per element, each exactly 0 or 1
     * @throws IllegalArgumentException naming the first offending element if a value is not 0 or 1,
     *     or if the length differs from {@link #size()}
     */
    public void setMask(float[] values) {
        checkLength(values, "mask");
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0f && values[i] != 1f) {
                throw new IllegalArgumentException("mask of parameter '" + name + "' has " + values[i]
                        + " at element " + i + "; a mask holds only 0 (pruned) and 1 (kept)");
            }
        }
        NDArray created = array.getDataType() == DataType.FLOAT32
                ? owner.create(values, new Shape(dims))
                : owner.create(widen(values), new Shape(dims));
        clearMask();
        mask = created;
        applyMask();
    }

    /**
     * Zeroes the masked values again (the optimiser calls this after every update). Pruned values
     * become +0: a negative value times 0 is -0, and adding +0 turns that into +0, so written-back
     * models hold plain zeros.
     */
    public void applyMask() {
        if (mask != null) {
            try (GradMode off = GradMode.disabled()) {
                array.muli(mask).addi(0f);
            }
        }
    }

    /** Masks exactly the values that are zero now (keeps a loaded model's sparsity through fine-tuning). */
    public void maskZeros() {
        float[] values = values();
        float[] kept = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            kept[i] = values[i] != 0f ? 1f : 0f;
        }
        setMask(kept);
    }

    /** Removes the mask; values stay as they are (pruned ones at zero) and may grow again. */
    public void clearMask() {
        if (mask != null) {
            mask.close();
            mask = null;
        }
    }

    private void checkLength(float[] values, String what) {
        if (values.length != size) {
            throw new IllegalArgumentException(what + " for parameter '" + name + "' " + Arrays.toString(dims)
                    + " has " + values.length + " values; expected " + size);
        }
    }

    private static float[] toFloats(NDArray source) {
        if (source.getDataType() == DataType.FLOAT32) {
            return source.toFloatArray();
        }
        try (NDArray narrowed = source.toType(DataType.FLOAT32, true)) {
            return narrowed.toFloatArray();
        }
    }

    private static double[] widen(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }

    @Override
    public String toString() {
        return "Parameter[" + name + " " + Arrays.toString(dims) + (mask != null ? ", masked" : "")
                + (trainable ? "" : ", frozen") + "]";
    }
}
