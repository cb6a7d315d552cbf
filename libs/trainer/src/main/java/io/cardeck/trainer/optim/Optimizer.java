package io.cardeck.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.cardeck.trainer.engine.GradMode;
import io.cardeck.trainer.engine.StepScope;
import io.cardeck.trainer.engine.TorchEngine;
import io.cardeck.trainer.graph.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A first-order optimiser over a fixed list of parameters, with its buffers held here as plain
 * tensors so that they can be checkpointed and masked. (DJL's own optimisers keep their state
 * internal, which rules out both.) Shared here: coupled L2 weight decay as torch.optim adds it to
 * the gradient, and masks: a masked weight's gradient and buffers are zeroed before the update
 * and the weight and buffers re-masked after it, so the weight stays exactly zero.
 */
public abstract class Optimizer implements AutoCloseable {

    private final List<Parameter> parameters;
    private final String[] slots;
    private final double weightDecay;
    private final NDManager manager;
    /** buffers.get(i)[s]: slot s of parameter i. */
    private final List<NDArray[]> buffers;
    private long steps;

    protected Optimizer(List<Parameter> parameters, double weightDecay, String... slots) {
        this.parameters = List.copyOf(parameters);
        this.slots = slots.clone();
        this.weightDecay = weightDecay;
        this.manager = TorchEngine.newManager();
        this.buffers = new ArrayList<>(this.parameters.size());
        for (Parameter parameter : this.parameters) {
            NDArray[] perSlot = new NDArray[slots.length];
            NDArray values = parameter.array();
            for (int s = 0; s < slots.length; s++) {
                perSlot[s] = manager.zeros(values.getShape(), values.getDataType());
            }
            buffers.add(perSlot);
        }
    }

    /** Short name, e.g. {@code sgd}; checkpoints record it. */
    public abstract String name();

    /**
     * Updates {@code weight} in place from the (masked, weight-decayed) gradient.
     *
     * @param buffers this parameter's buffers, one per slot, updated in place
     * @param step the number of this update, from 1
     */
    protected abstract void apply(NDArray weight, NDArray gradient, NDArray[] buffers, double learningRate, long step);

    public List<Parameter> parameters() {
        return parameters;
    }

    /** Number of updates made (restored from checkpoints). */
    public long steps() {
        return steps;
    }

    /**
     * One update of every trainable parameter from the gradient of the last backward pass. Runs
     * inside the pass's scope, which frees its temporaries.
     */
    public final void update(StepScope scope, double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + learningRate);
        }
        steps++;
        try (GradMode off = GradMode.disabled()) {
            for (int i = 0; i < parameters.size(); i++) {
                Parameter parameter = parameters.get(i);
                if (!parameter.isTrainable()) {
                    continue;
                }
                NDArray weight = scope.borrow(parameter.array());
                NDArray[] own = buffers.get(i);
                for (NDArray buffer : own) {
                    scope.borrow(buffer);
                }
                NDArray mask = parameter.maskArray().map(scope::borrow).orElse(null);
                NDArray gradient = weight.getGradient();
                if (mask != null) {
                    gradient = gradient.mul(mask);
                    maskAll(own, mask);
                }
                if (weightDecay != 0) {
                    gradient = gradient.add(weight.mul(weightDecay));
                }
                apply(weight, gradient, own, learningRate, steps);
                if (mask != null) {
                    parameter.applyMask();
                    maskAll(own, mask);
                }
            }
        }
    }

    private static void maskAll(NDArray[] arrays, NDArray mask) {
        for (NDArray array : arrays) {
            array.muli(mask);
        }
    }

    /** A copy of the state for a checkpoint. */
    public OptimizerState state() {
        Map<String, float[]> copies = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            for (int s = 0; s < slots.length; s++) {
                NDArray buffer = buffers.get(i)[s];
                float[] values;
                if (buffer.getDataType() == DataType.FLOAT32) {
                    values = buffer.toFloatArray();
                } else {
                    try (NDArray narrowed = buffer.toType(DataType.FLOAT32, true)) {
                        values = narrowed.toFloatArray();
                    }
                }
                copies.put(OptimizerState.key(slots[s], parameters.get(i).name()), values);
            }
        }
        return new OptimizerState(name(), steps, copies);
    }

    /**
     * Restores a state saved by {@link #state()} of the same kind of optimiser over the same parameters.
     *
     * @throws IllegalArgumentException naming the problem if the optimiser, a buffer or its size differs
     */
    public void restore(OptimizerState state) {
        if (!state.optimizer().equals(name())) {
            throw new IllegalArgumentException("the saved state belongs to optimizer '" + state.optimizer()
                    + "', this one is '" + name() + "'");
        }
        List<String> expected = new ArrayList<>();
        for (Parameter parameter : parameters) {
            for (String slot : slots) {
                expected.add(OptimizerState.key(slot, parameter.name()));
            }
        }
        if (!state.buffers().keySet().equals(new LinkedHashSet<>(expected))) {
            throw new IllegalArgumentException("the saved " + name() + " state has buffers " + state.buffers().keySet()
                    + "; expected " + expected);
        }
        for (int i = 0; i < parameters.size(); i++) {
            for (int s = 0; s < slots.length; s++) {
                float[] values = state.buffers().get(OptimizerState.key(slots[s], parameters.get(i).name()));
                if (values.length != parameters.get(i).size()) {
                    throw new IllegalArgumentException("saved buffer " + OptimizerState.key(slots[s],
                            parameters.get(i).name()) + " has " + values.length + " values; the parameter has "
                            + parameters.get(i).size() + " " + Arrays.toString(parameters.get(i).dims()));
                }
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            for (int s = 0; s < slots.length; s++) {
                NDArray buffer = buffers.get(i)[s];
                float[] values = state.buffers().get(OptimizerState.key(slots[s], parameters.get(i).name()));
                if (buffer.getDataType() == DataType.FLOAT32) {
                    buffer.set(values);
                } else {
                    double[] wide = new double[values.length];
                    for (int k = 0; k < wide.length; k++) {
                        wide[k] = values[k];
                    }
                    buffer.set(wide);
                }
            }
        }
        steps = state.steps();
    }

    @Override
    public void close() {
        manager.close();
    }
}
