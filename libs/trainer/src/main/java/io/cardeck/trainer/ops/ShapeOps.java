package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Ops that move or copy values without arithmetic: Flatten, Reshape, Transpose, Concat, Slice, Pad, Identity, Constant. */
final class ShapeOps {

    private ShapeOps() {
    }

    static void register(OpRegistry.Builder registry) {
        registry.add("Identity", node -> (inputs, context) -> new NDArray[] {inputs[0]});
        registry.add("Constant", ShapeOps::constant);
        registry.add("Flatten", ShapeOps::flatten);
        registry.add("Reshape", Map.of(1, InputRole.CONSTANT), ShapeOps::reshape);
        registry.add("Transpose", ShapeOps::transpose);
        registry.add("Concat", ShapeOps::concat);
        registry.add("Pad", Map.of(1, InputRole.CONSTANT, 2, InputRole.CONSTANT, 3, InputRole.CONSTANT), ShapeOps::pad);
        registry.add("Slice", Map.of(1, InputRole.CONSTANT, 2, InputRole.CONSTANT, 3, InputRole.CONSTANT,
                4, InputRole.CONSTANT), ShapeOps::slice);
    }

    private static Kernel constant(NodeContext node) {
        ConstantTensor value;
        try {
            value = ConstantTensor.ofConstantNode(node.node());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        return (inputs, context) -> new NDArray[] {value.toArray(context.manager(), context.dataType())};
    }

    private static Kernel flatten(NodeContext node) {
        long axis = node.node().intAttribute("axis", 1);
        return (inputs, context) -> {
            NDArray x = inputs[0];
            Shape shape = x.getShape();
            int split = Axes.normalize(axis, shape.dimension(), true);
            long rows = 1;
            for (int i = 0; i < split; i++) {
                rows *= shape.get(i);
            }
            long columns = 1;
            for (int i = split; i < shape.dimension(); i++) {
                columns *= shape.get(i);
            }
            return new NDArray[] {x.reshape(rows, columns)};
        };
    }

    private static Kernel reshape(NodeContext node) {
        boolean allowZero = node.node().intAttribute("allowzero", 0) != 0;
        if (!node.hasInput(1)) {
            throw node.error("needs the shape input");
        }
        Optional<long[]> constantShape = node.constant(1).map(ConstantTensor::asLongs);
        return (inputs, context) -> {
            long[] requested = constantShape.orElseGet(() -> inputs[1].toLongArray());
            return new NDArray[] {inputs[0].reshape(new Shape(reshapeTarget(inputs[0].getShape(), requested, allowZero)))};
        };
    }

    /** ONNX Reshape's target: 0 copies the input dim (unless allowzero), one -1 takes what is left. */
    static long[] reshapeTarget(Shape input, long[] requested, boolean allowZero) {
        long[] target = requested.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0 && !allowZero) {
                if (i >= input.dimension()) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(requested) + " copies dim " + i
                            + " (0) but the input " + input + " has only " + input.dimension() + " dims");
                }
                target[i] = input.get(i);
            }
            if (target[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(requested) + " has more than one -1");
                }
                inferred = i;
            } else if (target[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(requested) + " has a negative dim other than -1");
            } else {
                known *= target[i];
            }
        }
        long total = input.size();
        if (inferred >= 0) {
            if (known == 0 || total % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + input + " to " + Arrays.toString(requested));
            }
            target[inferred] = total / known;
        } else if (known != total) {
            throw new IllegalArgumentException("cannot reshape " + input + " (" + total + " values) to "
                    + Arrays.toString(requested));
        }
        return target;
    }

    private static Kernel transpose(NodeContext node) {
        long[] perm = node.node().intsAttribute("perm", new long[0]);
        return (inputs, context) -> {
            NDArray x = inputs[0];
            int rank = x.getShape().dimension();
            int[] axes = new int[rank];
            if (perm.length == 0) {
                for (int i = 0; i < rank; i++) {
                    axes[i] = rank - 1 - i;
                }
            } else {
                if (perm.length != rank) {
                    throw new IllegalArgumentException("perm " + Arrays.toString(perm) + " does not fit an input of rank " + rank);
                }
                for (int i = 0; i < rank; i++) {
                    axes[i] = Axes.normalize(perm[i], rank, false);
                }
            }
            return new NDArray[] {x.transpose(axes)};
        };
    }

    private static Kernel concat(NodeContext node) {
        if (!node.node().hasAttribute("axis")) {
            throw node.error("attribute axis is required");
        }
        long axis = node.node().intAttribute("axis", 0);
        return (inputs, context) -> {
            int rank = inputs[0].getShape().dimension();
            return new NDArray[] {NDArrays.concat(new NDList(inputs), Axes.normalize(axis, rank, false))};
        };
    }

    /**
     * Opset 10 and later give starts, ends, axes and steps as inputs (constants here), earlier
     * opsets starts, ends and axes as attributes. Positive steps only: PyTorch slices cannot step
     * backwards.
     */
    private static Kernel slice(NodeContext node) {
        long[] starts;
        long[] ends;
        Optional<long[]> axes;
        long[] steps;
        if (node.opset() < 10) {
            starts = node.node().intsAttribute("starts", new long[0]);
            ends = node.node().intsAttribute("ends", new long[0]);
            axes = node.node().hasAttribute("axes") ? Optional.of(node.node().intsAttribute("axes", new long[0]))
                    : Optional.empty();
            steps = null;
        } else {
            starts = constantLongs(node, 1, "starts");
            ends = constantLongs(node, 2, "ends");
            axes = node.hasInput(3) ? Optional.of(constantLongs(node, 3, "axes")) : Optional.empty();
            steps = node.hasInput(4) ? constantLongs(node, 4, "steps") : null;
        }
        if (starts.length != ends.length || axes.isPresent() && axes.get().length != starts.length
                || steps != null && steps.length != starts.length) {
            throw node.error("starts, ends, axes and steps must have the same length");
        }
        long[] stepValues = steps != null ? steps : filled(starts.length, 1);
        for (long step : stepValues) {
            if (step < 1) {
                throw node.error("steps " + Arrays.toString(stepValues) + ": only positive steps are supported");
            }
        }
        return (inputs, context) -> {
            NDArray result = inputs[0];
            Shape shape = result.getShape();
            int rank = shape.dimension();
            for (int i = 0; i < starts.length; i++) {
                int axis = Axes.normalize(axes.isPresent() ? axes.get()[i] : i, rank, false);
                long size = shape.get(axis);
                long start = clamp(starts[i] < 0 ? starts[i] + size : starts[i], size);
                long end = clamp(ends[i] < 0 ? ends[i] + size : ends[i], size);
                result = JniUtils.slice((PtNDArray) result, axis, start, Math.max(start, end), stepValues[i]);
            }
            return new NDArray[] {result};
        };
    }

    private static long[] constantLongs(NodeContext node, int index, String what) {
        if (!node.hasInput(index)) {
            throw node.error("needs the " + what + " input");
        }
        return node.constant(index).map(ConstantTensor::asLongs)
                .orElseThrow(() -> node.error("the " + what + " input must be a constant"));
    }

    private static long clamp(long index, long size) {
        return Math.max(0, Math.min(index, size));
    }

    private static long[] filled(int length, long value) {
        long[] values = new long[length];
        Arrays.fill(values, value);
        return values;
    }

    private enum PadMode { CONSTANT, REFLECT, EDGE }

    /** Opset 11 and later give pads, value and (18+) axes as inputs, earlier opsets as attributes. */
    private static Kernel pad(NodeContext node) {
        String modeText = node.node().stringAttribute("mode", "constant");
        PadMode mode;
        try {
            mode = PadMode.valueOf(modeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.error("mode '" + modeText + "' is not supported; accepted: constant, reflect, edge");
        }
        Optional<long[]> constantPads;
        Optional<Double> constantValue;
        Optional<long[]> axes;
        if (node.opset() < 11) {
            constantPads = Optional.of(node.node().intsAttribute("pads", new long[0]));
            constantValue = Optional.of((double) node.node().floatAttribute("value", 0f));
            axes = Optional.empty();
        } else {
            if (!node.hasInput(1)) {
                throw node.error("needs the pads input");
            }
            constantPads = node.constant(1).map(ConstantTensor::asLongs);
            constantValue = node.hasInput(2) ? node.constant(2).map(value -> value.doubleValue(0)) : Optional.of(0.0);
            if (node.hasInput(3)) {
                axes = node.constant(3).map(ConstantTensor::asLongs);
                if (axes.isEmpty()) {
                    throw node.error("the axes input must be a constant");
                }
            } else {
                axes = Optional.empty();
            }
        }
        return (inputs, context) -> {
            NDArray x = inputs[0];
            int rank = x.getShape().dimension();
            long[] given = constantPads.orElseGet(() -> inputs[1].toLongArray());
            long[] pads = fullPads(given, axes, rank);
            if (mode == PadMode.CONSTANT) {
                double value = constantValue.orElseGet(() -> inputs[2].toType(DataType.FLOAT64, false).getDouble());
                return new NDArray[] {SlidingWindow.pad(x, pads, value)};
            }
            NDArray result = x;
            for (int axis = 0; axis < rank; axis++) {
                long begin = pads[axis];
                long end = pads[axis + rank];
                if (begin != 0 || end != 0) {
                    long[] index = sourceIndex(x.getShape().get(axis), begin, end, mode);
                    result = result.get(new NDIndex(":, ".repeat(axis) + "{}", context.manager().create(index)));
                }
            }
            return new NDArray[] {result};
        };
    }

    /** Pads for every axis in ONNX layout, from pads given for all axes or for the listed ones. */
    private static long[] fullPads(long[] given, Optional<long[]> axes, int rank) {
        if (axes.isEmpty()) {
            if (given.length != 2 * rank) {
                throw new IllegalArgumentException("pads " + Arrays.toString(given) + " must hold " + 2 * rank
                        + " values for an input of rank " + rank);
            }
            return given;
        }
        long[] listed = axes.get();
        if (given.length != 2 * listed.length) {
            throw new IllegalArgumentException("pads " + Arrays.toString(given) + " must hold " + 2 * listed.length
                    + " values for axes " + Arrays.toString(listed));
        }
        long[] pads = new long[2 * rank];
        for (int i = 0; i < listed.length; i++) {
            int axis = Axes.normalize(listed[i], rank, false);
            pads[axis] = given[i];
            pads[axis + rank] = given[i + listed.length];
        }
        return pads;
    }

    /** For each output position along an axis of {@code size}, the input position it copies. */
    private static long[] sourceIndex(long size, long begin, long end, PadMode mode) {
        if (mode == PadMode.REFLECT && (size < 2 || begin >= size || end >= size)) {
            throw new IllegalArgumentException("reflect padding of " + begin + "/" + end + " needs an axis longer than"
                    + " the padding, the axis has " + size);
        }
        int length = Math.toIntExact(size + begin + end);
        long[] index = new long[length];
        for (int i = 0; i < length; i++) {
            long j = i - begin;
            if (mode == PadMode.EDGE) {
                j = Math.min(Math.max(j, 0), size - 1);
            } else {
                if (j < 0) {
                    j = -j;
                }
                if (j > size - 1) {
                    j = 2 * (size - 1) - j;
                }
            }
            index[i] = j;
        }
        return index;
    }
}
