package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDArray;

/** One compiled node: computes its outputs from its inputs on PyTorch tensors, recorded by autograd. */
@FunctionalInterface
public interface Kernel {

    /**
     * @param inputs one entry per node input, {@code null} where an optional input is omitted
     * @return one entry per node output, in order
     */
    NDArray[] run(NDArray[] inputs, RunContext context);

    /** Input {@code index}, or {@code null} when the node omits it (trailing optional inputs may be left out). */
    static NDArray optionalInput(NDArray[] inputs, int index) {
        return index < inputs.length ? inputs[index] : null;
    }
}
