package io.cardeck.onnx.admission;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a graph from outside may hold before ONNX Runtime sees it (see {@link GraphAdmission}).
 *
 * @param operators op types of the default ONNX domain a graph may use
 * @param maxWeightBytes bound on the bytes of initializers and Constant nodes together
 * @param maxTensorElements bound on the elements of each tensor the graph computes, for one image
 *        and for {@link #LARGEST_BATCH}
 * @param maxActivationBytes bound on the bytes of computed tensors a run holds at once, at
 *        {@link #LARGEST_BATCH}, each tensor held from the node that makes it to its last reader
 *        (as ONNX Runtime plans a run's memory; graph outputs to the end)
 */
public record GraphLimits(Set<String> operators, long maxWeightBytes, long maxTensorElements,
                          long maxActivationBytes) {

    /**
     * The batch the allocation bounds hold for (and for one image): the evaluator runs 128 images at once
     * by default, the ensemble batches up to 64 (one request of up to its max-request-images, 1,024, runs
     * alone, at up to four times these sizes), the trainer and calibration at most 256.
     */
    public static final long LARGEST_BATCH = 256;

    /**
     * The ops cardeck's services run: every op the trainer runs (so the methods that train accept the
     * model; {@code AdmittedOperatorsTest} in libs/trainer holds the two lists together), which covers what
     * the zoo models, the CARDs and every pruning method emit (Conv, BatchNormalization, Relu,
     * MaxPool, GlobalAveragePool, Flatten, Gemm, Add, Sub, Div, Constant); the activations and pools
     * structured pruning can follow; and what exporters emit to flatten or broadcast (Shape, Gather,
     * Unsqueeze, Squeeze, Cast, ConstantOfShape, Expand, Tile), the last three bounded by
     * {@link #maxTensorElements}. No control flow (Loop, Scan, If): what it allocates and how long
     * it runs is not known before it runs.
     */
    public static final Set<String> DEFAULT_OPERATORS = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            "Add", "AveragePool", "BatchNormalization", "Clip", "Concat", "Constant", "Conv", "Div", "Dropout",
            "Flatten", "Gemm", "GlobalAveragePool", "Identity", "LeakyRelu", "MatMul", "MaxPool", "Mul", "Pad",
            "Relu", "Reshape", "Sigmoid", "Slice", "Softmax", "Sub", "Tanh", "Transpose",
            "Elu", "HardSigmoid", "HardSwish", "Softplus", "GlobalMaxPool",
            "Shape", "Gather", "Unsqueeze", "Squeeze", "Cast", "ConstantOfShape", "Expand", "Tile")));

    /**
     * The gateway's upload size: stored weights cannot exceed the file, but the dims a tensor declares
     * can, and ONNX Runtime allocates by the dims.
     */
    public static final long DEFAULT_MAX_WEIGHT_BYTES = 64L * 1024 * 1024;

    /** 64 Mi elements: 256 MiB as float32, 21 times the largest tensor of ResNet-20 for a batch of 256. */
    public static final long DEFAULT_MAX_TENSOR_ELEMENTS = 64L * 1024 * 1024;

    /** 2 GiB: 55 times what the zoo's largest model, ResNet-20, holds at once for a batch of 256 (38.5 MB). */
    public static final long DEFAULT_MAX_ACTIVATION_BYTES = 2L * 1024 * 1024 * 1024;

    public GraphLimits {
        Objects.requireNonNull(operators, "operators");
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("operators must name at least one op type");
        }
        if (maxWeightBytes < 1) {
            throw new IllegalArgumentException("maxWeightBytes must be at least 1, got " + maxWeightBytes);
        }
        if (maxTensorElements < 1) {
            throw new IllegalArgumentException("maxTensorElements must be at least 1, got " + maxTensorElements);
        }
        if (maxActivationBytes < 1) {
            throw new IllegalArgumentException("maxActivationBytes must be at least 1, got " + maxActivationBytes);
        }
        operators = Collections.unmodifiableSet(new TreeSet<>(operators));
    }

    /** The default operators with the given bounds. */
    public static GraphLimits of(long maxWeightBytes, long maxTensorElements, long maxActivationBytes) {
        return new GraphLimits(DEFAULT_OPERATORS, maxWeightBytes, maxTensorElements, maxActivationBytes);
    }

    public static GraphLimits defaults() {
        return of(DEFAULT_MAX_WEIGHT_BYTES, DEFAULT_MAX_TENSOR_ELEMENTS, DEFAULT_MAX_ACTIVATION_BYTES);
    }
}
