package io.cardeck.onnx.admission;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.cardeck.onnx.Int64Tensor;
import io.cardeck.onnx.OnnxNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of every tensor a graph computes, found before it runs from the shapes of its inputs
 * (the batch axis at a given size) and its constants, for the operators {@link GraphLimits} admits.
 * Small int64 tensors (shapes, indices, axes) are also computed by value, so that a shape the graph
 * builds from another tensor's shape (Shape, Gather, Concat, then Reshape or ConstantOfShape) is
 * known too, as exporters write them. A node whose output shape depends on values known only at run
 * time (a shape computed from the images' pixels) has no inferred shape: {@link #infer} says why.
 *
 * <p>Hand-written because no Java library infers ONNX shapes; it covers exactly the admitted operators, and
 * {@code ShapeInferenceTest} holds it to ONNX Runtime's own shapes on the zoo and on each operator.
 */
final class ShapeInference {

    /** Int64 tensors of at most this many elements are also computed by value (shapes are short). */
    private static final int MAX_VALUE_ELEMENTS = 1024;

    /** A tensor's dims, element size in bytes and, for small int64 tensors, its values. */
    record Tensor(long[] dims, int elementBytes, long[] values) {

        static Tensor of(long[] dims, int elementBytes) {
            return new Tensor(dims, elementBytes, null);
        }

        static Tensor ofValues(long[] dims, long[] values) {
            return new Tensor(dims, 8, values.length <= MAX_VALUE_ELEMENTS ? values : null);
        }

        long elements() {
            return Sizes.product(dims);
        }

        long bytes() {
            return Sizes.times(elements(), elementBytes);
        }

        int rank() {
            return dims.length;
        }

        Tensor withDims(long[] newDims) {
            return new Tensor(newDims, elementBytes, null);
        }
    }

    /** Why a node's output could not be inferred; the message names the input and says why. */
    static final class Unknown extends RuntimeException {
        final boolean unbounded;

        Unknown(String message, boolean unbounded) {
            super(message, null, false, false);
            this.unbounded = unbounded;
        }
    }

    private final Map<String, Tensor> tensors = new HashMap<>();

    void define(String name, Tensor tensor) {
        tensors.put(name, tensor);
    }

    /** A constant tensor (initializer or Constant node's value): its dims, and its values when int64 and small. */
    static Tensor constant(TensorProto proto) {
        long[] dims = proto.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (proto.getDataType() == TensorProto.DataType.INT64_VALUE && Sizes.product(dims) <= MAX_VALUE_ELEMENTS) {
            try {
                return Tensor.ofValues(dims, Int64Tensor.of(proto).data());
            } catch (IllegalArgumentException e) {
                throw new Unknown("its int64 constant '" + proto.getName() + "' is not valid: " + e.getMessage(), false);
            }
        }
        return Tensor.of(dims, Sizes.elementBytes(proto.getDataType()));
    }

    /** The node's outputs by name, in order (an optional output left out by an empty name is skipped). */
    Map<String, Tensor> infer(OnnxNode node) {
        List<Tensor> outputs = switch (node.opType()) {
            case "Identity" -> List.of(in(node, 0));
            case "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "HardSigmoid", "HardSwish", "Softplus", "Softmax",
                 "Clip" -> List.of(in(node, 0).withDims(in(node, 0).dims()));
            case "Dropout" -> List.of(in(node, 0).withDims(in(node, 0).dims()), Tensor.of(in(node, 0).dims(), 1));
            case "Cast" -> List.of(cast(node));
            case "Add", "Sub", "Mul", "Div" -> List.of(arithmetic(node));
            case "BatchNormalization" -> batchNormalization(node);
            case "Conv" -> List.of(conv(node));
            case "MaxPool" -> {
                Tensor pooled = pool(node);
                yield List.of(pooled, Tensor.of(pooled.dims(), 8));
            }
            case "AveragePool" -> List.of(pool(node));
            case "GlobalAveragePool", "GlobalMaxPool" -> List.of(globalPool(node));
            case "Flatten" -> List.of(flatten(node));
            case "Gemm" -> List.of(gemm(node));
            case "MatMul" -> List.of(matMul(node));
            case "Reshape" -> List.of(reshape(node));
            case "Concat" -> List.of(concat(node));
            case "Transpose" -> List.of(transpose(node));
            case "Slice" -> List.of(slice(node));
            case "Pad" -> List.of(pad(node));
            case "Shape" -> List.of(shape(node));
            case "Gather" -> List.of(gather(node));
            case "Unsqueeze" -> List.of(unsqueeze(node));
            case "Squeeze" -> List.of(squeeze(node));
            case "ConstantOfShape" -> List.of(constantOfShape(node));
            case "Expand" -> List.of(expand(node));
            case "Tile" -> List.of(tile(node));
            case "Constant" -> List.of(constantNode(node));
            default -> throw new Unknown("has no shape rule in cardeck, so what it allocates cannot be known before it"
                    + " runs", true);
        };
        Map<String, Tensor> produced = new LinkedHashMap<>();
        for (int i = 0; i < node.outputs().size(); i++) {
            if (i >= outputs.size()) {
                throw new Unknown("it declares " + node.outputs().size() + " outputs, " + node.opType() + " has at most "
                        + outputs.size(), false);
            }
            if (!node.outputs().get(i).isEmpty()) {
                tensors.put(node.outputs().get(i), outputs.get(i));
                produced.put(node.outputs().get(i), outputs.get(i));
            }
        }
        return produced;
    }

    // ---- inputs ----------------------------------------------------------------------------------------------

    private Tensor in(OnnxNode node, int index) {
        String name = inputName(node, index);
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new Unknown(name.isEmpty() ? "it lacks its input " + index
                    : "its input '" + name + "' is neither a graph input, a constant nor another node's output", false);
        }
        return tensor;
    }

    /** The name of a node's input; empty where the node leaves it out (an optional input, or a hostile graph). */
    private static String inputName(OnnxNode node, int index) {
        return index < node.inputs().size() ? node.inputs().get(index) : "";
    }

    /** The values of an int64 input that sizes the output: a constant, or computed from shapes and constants. */
    private long[] values(OnnxNode node, int index, String role) {
        String name = inputName(node, index);
        if (name.isEmpty()) {
            throw new Unknown("takes its " + role + " from '', which is no tensor", true);
        }
        Tensor tensor = in(node, index);
        if (tensor.values() == null) {
            throw new Unknown("takes its " + role + " from '" + name + "', which the graph computes from the values"
                    + " of its input when it runs, so the size of its output cannot be known before", true);
        }
        return tensor.values();
    }

    /** The axes of a Squeeze, Unsqueeze or Slice: an attribute before opset 13 (10 for Slice), an input from then on. */
    private long[] axes(OnnxNode node, int inputIndex, long[] fallback) {
        if (node.hasAttribute("axes")) {
            return node.intsAttribute("axes", fallback);
        }
        return inputName(node, inputIndex).isEmpty() ? fallback : values(node, inputIndex, "axes");
    }

    // ---- operators -------------------------------------------------------------------------------------------

    private Tensor cast(OnnxNode node) {
        Tensor input = in(node, 0);
        int to = (int) node.intAttribute("to", TensorProto.DataType.FLOAT_VALUE);
        if (to == TensorProto.DataType.INT64_VALUE && input.values() != null) {
            return Tensor.ofValues(input.dims(), input.values());
        }
        return Tensor.of(input.dims(), Sizes.elementBytes(to));
    }

    private Tensor arithmetic(OnnxNode node) {
        Tensor a = in(node, 0);
        Tensor b = in(node, 1);
        long[] dims = broadcast(a.dims(), b.dims());
        if (a.values() != null && b.values() != null && Sizes.product(dims) <= MAX_VALUE_ELEMENTS) {
            long[] values = new long[(int) Sizes.product(dims)];
            for (int i = 0; i < values.length; i++) {
                long x = a.values()[broadcastIndex(i, dims, a.dims())];
                long y = b.values()[broadcastIndex(i, dims, b.dims())];
                values[i] = switch (node.opType()) {
                    case "Add" -> Sizes.plus(x, y);
                    case "Sub" -> Sizes.plus(x, y == Long.MIN_VALUE ? Long.MAX_VALUE : -y);
                    case "Mul" -> Sizes.signedTimes(x, y);
                    default -> {
                        if (y == 0) {
                            throw new Unknown("it divides the int64 tensor '" + node.inputs().get(0) + "' by zero", false);
                        }
                        yield x / y;
                    }
                };
            }
            return Tensor.ofValues(dims, values);
        }
        return Tensor.of(dims, Math.max(a.elementBytes(), b.elementBytes()));
    }

    private List<Tensor> batchNormalization(OnnxNode node) {
        Tensor x = in(node, 0);
        requireRank(node, x, 2, "its input");
        Tensor stats = Tensor.of(new long[] {x.dims()[1]}, x.elementBytes());
        return List.of(x.withDims(x.dims()), stats, stats, stats, stats);
    }

    private Tensor conv(OnnxNode node) {
        Tensor x = in(node, 0);
        Tensor w = in(node, 1);
        requireRank(node, x, 3, "its input");
        if (w.rank() != x.rank()) {
            throw new Unknown("its weight has rank " + w.rank() + " but its input rank " + x.rank(), false);
        }
        int spatial = x.rank() - 2;
        long group = node.intAttribute("group", 1);
        if (group < 1 || x.dims()[1] != Sizes.times(w.dims()[1], group)) {
            throw new Unknown("its input has " + x.dims()[1] + " channels, its weight " + w.dims()[1] + " per group in "
                    + group + " group(s)", false);
        }
        long[] kernel = node.intsAttribute("kernel_shape", Arrays.copyOfRange(w.dims(), 2, w.rank()));
        long[] out = windows(node, x, kernel, spatial, false);
        out[1] = w.dims()[0];
        return x.withDims(out);
    }

    private Tensor pool(OnnxNode node) {
        Tensor x = in(node, 0);
        requireRank(node, x, 3, "its input");
        long[] kernel = node.intsAttribute("kernel_shape", null);
        if (kernel == null) {
            throw new Unknown("it has no kernel_shape", false);
        }
        long[] out = windows(node, x, kernel, x.rank() - 2, node.intAttribute("ceil_mode", 0) == 1);
        out[1] = x.dims()[1];
        return x.withDims(out);
    }

    /** [N, C, spatial...] of a sliding window: auto_pad, pads, strides and dilations as ONNX defines them. */
    private static long[] windows(OnnxNode node, Tensor x, long[] kernel, int spatial, boolean ceil) {
        long[] strides = node.intsAttribute("strides", filled(spatial, 1));
        long[] dilations = node.intsAttribute("dilations", filled(spatial, 1));
        long[] pads = node.intsAttribute("pads", filled(2 * spatial, 0));
        String autoPad = node.stringAttribute("auto_pad", "NOTSET");
        if (kernel.length != spatial || strides.length != spatial || dilations.length != spatial
                || pads.length != 2 * spatial) {
            throw new Unknown("its kernel_shape, strides, dilations or pads do not match the " + spatial
                    + " spatial axes of its input", false);
        }
        long[] out = x.dims().clone();
        for (int axis = 0; axis < spatial; axis++) {
            long size = x.dims()[axis + 2];
            if (strides[axis] < 1 || dilations[axis] < 1 || kernel[axis] < 1 || pads[axis] < 0 || pads[axis + spatial] < 0) {
                throw new Unknown("its kernel_shape, strides and dilations must be at least 1 and its pads at least 0",
                        false);
            }
            long reach = Sizes.plus(Sizes.times(dilations[axis], kernel[axis] - 1), 1);
            long length = switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> Sizes.ceilDiv(size, strides[axis]);
                case "VALID" -> size < reach ? 0 : (size - reach) / strides[axis] + 1;
                default -> {
                    long padded = Sizes.plus(size, Sizes.plus(pads[axis], pads[axis + spatial]));
                    yield padded < reach ? 0 : (ceil ? Sizes.ceilDiv(padded - reach, strides[axis])
                            : (padded - reach) / strides[axis]) + 1;
                }
            };
            if (length < 1) {
                throw new Unknown("its window of " + reach + " does not fit axis " + (axis + 2) + " of its input ("
                        + size + " with its padding)", false);
            }
            out[axis + 2] = length;
        }
        return out;
    }

    private Tensor globalPool(OnnxNode node) {
        Tensor x = in(node, 0);
        requireRank(node, x, 3, "its input");
        long[] out = filled(x.rank(), 1);
        out[0] = x.dims()[0];
        out[1] = x.dims()[1];
        return x.withDims(out);
    }

    private Tensor flatten(OnnxNode node) {
        Tensor x = in(node, 0);
        int axis = axis(node.intAttribute("axis", 1), x.rank() + 1);
        return x.withDims(new long[] {Sizes.product(Arrays.copyOfRange(x.dims(), 0, axis)),
                Sizes.product(Arrays.copyOfRange(x.dims(), axis, x.rank()))});
    }

    private Tensor gemm(OnnxNode node) {
        Tensor a = in(node, 0);
        Tensor b = in(node, 1);
        if (a.rank() != 2 || b.rank() != 2) {
            throw new Unknown("Gemm multiplies matrices; its inputs have ranks " + a.rank() + " and " + b.rank(), false);
        }
        boolean transA = node.intAttribute("transA", 0) != 0;
        boolean transB = node.intAttribute("transB", 0) != 0;
        long m = a.dims()[transA ? 1 : 0];
        long k = a.dims()[transA ? 0 : 1];
        long kb = b.dims()[transB ? 1 : 0];
        long n = b.dims()[transB ? 0 : 1];
        if (k != kb) {
            throw new Unknown("it multiplies " + m + "x" + k + " by " + kb + "x" + n, false);
        }
        return a.withDims(new long[] {m, n});
    }

    private Tensor matMul(OnnxNode node) {
        Tensor a = in(node, 0);
        Tensor b = in(node, 1);
        if (a.rank() < 1 || b.rank() < 1) {
            throw new Unknown("MatMul of a scalar", false);
        }
        // A vector is a matrix of one row (first input) or one column (second), its added axis dropped after.
        long[] left = a.rank() == 1 ? new long[] {1, a.dims()[0]} : a.dims();
        long[] right = b.rank() == 1 ? new long[] {b.dims()[0], 1} : b.dims();
        long k = left[left.length - 1];
        if (k != right[right.length - 2]) {
            throw new Unknown("it multiplies " + Arrays.toString(a.dims()) + " by " + Arrays.toString(b.dims()), false);
        }
        long[] batch = broadcast(Arrays.copyOf(left, left.length - 2), Arrays.copyOf(right, right.length - 2));
        List<Long> out = new ArrayList<>();
        for (long dim : batch) {
            out.add(dim);
        }
        if (a.rank() > 1) {
            out.add(left[left.length - 2]);
        }
        if (b.rank() > 1) {
            out.add(right[right.length - 1]);
        }
        return a.withDims(out.stream().mapToLong(Long::longValue).toArray());
    }

    private Tensor reshape(OnnxNode node) {
        Tensor x = in(node, 0);
        long[] shape = values(node, 1, "shape");
        boolean allowZero = node.intAttribute("allowzero", 0) == 1;
        long[] out = new long[shape.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (inferred >= 0) {
                    throw new Unknown("its shape " + Arrays.toString(shape) + " has more than one -1", false);
                }
                inferred = i;
                continue;
            }
            if (shape[i] < -1) {
                throw new Unknown("its shape " + Arrays.toString(shape) + " has a negative size", false);
            }
            out[i] = shape[i] == 0 && !allowZero ? dimOf(x, i) : shape[i];
            known = Sizes.times(known, out[i]);
        }
        long elements = x.elements();
        if (inferred >= 0) {
            if (known == 0 || elements % known != 0) {
                throw new Unknown("it cannot reshape " + Arrays.toString(x.dims()) + " to " + Arrays.toString(shape), false);
            }
            out[inferred] = elements / known;
        } else if (known != elements) {
            throw new Unknown("it reshapes " + elements + " elements to " + Arrays.toString(out), false);
        }
        return x.values() != null ? Tensor.ofValues(out, x.values()) : x.withDims(out);
    }

    private Tensor concat(OnnxNode node) {
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < node.inputs().size(); i++) {
            parts.add(in(node, i));
        }
        if (parts.isEmpty()) {
            throw new Unknown("it has no inputs", false);
        }
        Tensor first = parts.get(0);
        int axis = axis(node.intAttribute("axis", 0), first.rank());
        long[] out = first.dims().clone();
        out[axis] = 0;
        boolean valued = true;
        for (Tensor part : parts) {
            if (part.rank() != first.rank()) {
                throw new Unknown("it joins tensors of ranks " + first.rank() + " and " + part.rank(), false);
            }
            for (int d = 0; d < out.length; d++) {
                if (d != axis && part.dims()[d] != first.dims()[d]) {
                    throw new Unknown("it joins " + Arrays.toString(first.dims()) + " and " + Arrays.toString(part.dims())
                            + " along axis " + axis, false);
                }
            }
            out[axis] = Sizes.plus(out[axis], part.dims()[axis]);
            valued &= part.values() != null;
        }
        if (valued && out.length == 1) {
            long[] values = parts.stream().flatMapToLong(p -> Arrays.stream(p.values())).toArray();
            return Tensor.ofValues(out, values);
        }
        return first.withDims(out);
    }

    private Tensor transpose(OnnxNode node) {
        Tensor x = in(node, 0);
        long[] reversed = new long[x.rank()];
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = x.rank() - 1 - i;
        }
        long[] perm = node.intsAttribute("perm", reversed);
        if (perm.length != x.rank()) {
            throw new Unknown("its perm " + Arrays.toString(perm) + " does not fit rank " + x.rank(), false);
        }
        long[] out = new long[perm.length];
        boolean[] used = new boolean[perm.length];
        for (int i = 0; i < perm.length; i++) {
            int from = axis(perm[i], x.rank());
            if (used[from]) {
                throw new Unknown("its perm " + Arrays.toString(perm) + " repeats an axis", false);
            }
            used[from] = true;
            out[i] = x.dims()[from];
        }
        return x.withDims(out);
    }

    private Tensor slice(OnnxNode node) {
        Tensor x = in(node, 0);
        boolean attributes = node.hasAttribute("starts");
        long[] starts = attributes ? node.intsAttribute("starts", new long[0]) : values(node, 1, "starts");
        long[] ends = attributes ? node.intsAttribute("ends", new long[0]) : values(node, 2, "ends");
        long[] everyAxis = firstAxes(starts.length);
        long[] axes = attributes ? node.intsAttribute("axes", everyAxis) : axes(node, 3, everyAxis);
        long[] steps = attributes || inputName(node, 4).isEmpty() ? filled(starts.length, 1) : values(node, 4, "steps");
        if (ends.length != starts.length || axes.length != starts.length || steps.length != starts.length) {
            throw new Unknown("its starts, ends, axes and steps differ in length", false);
        }
        long[] out = x.dims().clone();
        long[] first = new long[x.rank()];
        long[] step = filled(x.rank(), 1);
        for (int i = 0; i < starts.length; i++) {
            int axis = axis(axes[i], x.rank());
            long size = x.dims()[axis];
            if (steps[i] == 0) {
                throw new Unknown("it slices with a step of 0", false);
            }
            long start = clampIndex(starts[i], size, steps[i] > 0 ? 0 : -1, steps[i] > 0 ? size : size - 1);
            long end = clampIndex(ends[i], size, steps[i] > 0 ? 0 : -1, steps[i] > 0 ? size : size - 1);
            long count = steps[i] > 0 ? Sizes.ceilDiv(Math.max(0, end - start), steps[i])
                    : Sizes.ceilDiv(Math.max(0, start - end), -steps[i]);
            out[axis] = count;
            first[axis] = start;
            step[axis] = steps[i];
        }
        if (x.values() != null && x.rank() == 1) {
            long[] values = new long[(int) out[0]];
            for (int i = 0; i < values.length; i++) {
                values[i] = x.values()[(int) (first[0] + i * step[0])];
            }
            return Tensor.ofValues(out, values);
        }
        return x.withDims(out);
    }

    /** An index of a Slice clamped as ONNX defines: negative ones count from the end. */
    private static long clampIndex(long index, long size, long low, long high) {
        long position = index < 0 ? Sizes.plus(index, size) : index;
        return Math.max(low, Math.min(high, position));
    }

    private Tensor pad(OnnxNode node) {
        Tensor x = in(node, 0);
        // Opsets before 11 give the pads as an attribute, later ones as the second input (and, from 18, axes).
        long[] pads = node.hasAttribute("pads") ? node.intsAttribute("pads", new long[0]) : values(node, 1, "pads");
        long[] axes = inputName(node, 3).isEmpty() ? firstAxes(x.rank()) : values(node, 3, "axes");
        if (pads.length != 2 * axes.length) {
            throw new Unknown("its pads " + Arrays.toString(pads) + " do not give two for each of " + axes.length
                    + " axes", false);
        }
        long[] out = x.dims().clone();
        for (int i = 0; i < axes.length; i++) {
            int axis = axis(axes[i], x.rank());
            out[axis] = Sizes.plus(out[axis], Sizes.plus(pads[i], pads[i + axes.length]));
            if (out[axis] < 0) {
                throw new Unknown("its pads " + Arrays.toString(pads) + " remove more than axis " + axis + " holds", false);
            }
        }
        return x.withDims(out);
    }

    private Tensor shape(OnnxNode node) {
        Tensor x = in(node, 0);
        int start = (int) clampIndex(node.intAttribute("start", 0), x.rank(), 0, x.rank());
        int end = (int) clampIndex(node.intAttribute("end", x.rank()), x.rank(), 0, x.rank());
        long[] dims = Arrays.copyOfRange(x.dims(), start, Math.max(start, end));
        return Tensor.ofValues(new long[] {dims.length}, dims);
    }

    private Tensor gather(OnnxNode node) {
        Tensor data = in(node, 0);
        Tensor indices = in(node, 1);
        requireRank(node, data, 1, "its data");
        int axis = axis(node.intAttribute("axis", 0), data.rank());
        long[] out = new long[data.rank() - 1 + indices.rank()];
        System.arraycopy(data.dims(), 0, out, 0, axis);
        System.arraycopy(indices.dims(), 0, out, axis, indices.rank());
        System.arraycopy(data.dims(), axis + 1, out, axis + indices.rank(), data.rank() - axis - 1);
        if (data.values() != null && indices.values() != null && data.rank() == 1) {
            long[] values = new long[indices.values().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.values()[(int) index(indices.values()[i], data.dims()[0])];
            }
            return Tensor.ofValues(out, values);
        }
        if (indices.values() != null) {
            for (long index : indices.values()) {
                index(index, data.dims()[axis]);
            }
        }
        return data.withDims(out);
    }

    private static long index(long index, long size) {
        if (index < -size || index >= size) {
            throw new Unknown("it gathers index " + index + " of an axis of " + size, false);
        }
        return index < 0 ? index + size : index;
    }

    private Tensor unsqueeze(OnnxNode node) {
        Tensor x = in(node, 0);
        long[] axes = axes(node, 1, null);
        if (axes == null) {
            throw new Unknown("it names no axes", false);
        }
        int rank = x.rank() + axes.length;
        boolean[] added = new boolean[rank];
        for (long axis : axes) {
            int at = axis(axis, rank);
            if (added[at]) {
                throw new Unknown("its axes " + Arrays.toString(axes) + " repeat an axis", false);
            }
            added[at] = true;
        }
        long[] out = new long[rank];
        for (int i = 0, from = 0; i < rank; i++) {
            out[i] = added[i] ? 1 : x.dims()[from++];
        }
        return x.values() != null ? Tensor.ofValues(out, x.values()) : x.withDims(out);
    }

    private Tensor squeeze(OnnxNode node) {
        Tensor x = in(node, 0);
        long[] axes = axes(node, 1, null);
        boolean[] removed = new boolean[x.rank()];
        for (int i = 0; i < x.rank(); i++) {
            removed[i] = axes == null && x.dims()[i] == 1;
        }
        if (axes != null) {
            for (long axis : axes) {
                int at = axis(axis, x.rank());
                if (x.dims()[at] != 1) {
                    throw new Unknown("it squeezes axis " + at + " of size " + x.dims()[at], false);
                }
                removed[at] = true;
            }
        }
        long[] out = new long[x.rank()];
        int rank = 0;
        for (int i = 0; i < x.rank(); i++) {
            if (!removed[i]) {
                out[rank++] = x.dims()[i];
            }
        }
        out = Arrays.copyOf(out, rank);
        return x.values() != null ? Tensor.ofValues(out, x.values()) : x.withDims(out);
    }

    private Tensor constantOfShape(OnnxNode node) {
        long[] shape = values(node, 0, "shape");
        for (long dim : shape) {
            if (dim < 0) {
                throw new Unknown("its shape " + Arrays.toString(shape) + " has a negative size", false);
            }
        }
        int elementBytes = node.tensorAttribute("value").map(t -> Sizes.elementBytes(t.getDataType()))
                .orElse(4);
        return Tensor.of(shape, elementBytes);
    }

    private Tensor expand(OnnxNode node) {
        Tensor x = in(node, 0);
        long[] shape = values(node, 1, "shape");
        return x.withDims(broadcast(x.dims(), shape));
    }

    private Tensor tile(OnnxNode node) {
        Tensor x = in(node, 0);
        long[] repeats = values(node, 1, "repeats");
        if (repeats.length != x.rank()) {
            throw new Unknown("it has " + repeats.length + " repeats for a tensor of rank " + x.rank(), false);
        }
        long[] out = new long[x.rank()];
        for (int i = 0; i < out.length; i++) {
            if (repeats[i] < 0) {
                throw new Unknown("its repeats " + Arrays.toString(repeats) + " are negative", false);
            }
            out[i] = Sizes.times(x.dims()[i], repeats[i]);
        }
        return x.withDims(out);
    }

    private static Tensor constantNode(OnnxNode node) {
        if (node.hasAttribute("value_ints")) {
            long[] values = node.intsAttribute("value_ints", new long[0]);
            return Tensor.ofValues(new long[] {values.length}, values);
        }
        if (node.hasAttribute("value_int")) {
            return Tensor.ofValues(new long[0], new long[] {node.intAttribute("value_int", 0)});
        }
        if (node.hasAttribute("value_float")) {
            return Tensor.of(new long[0], 4);
        }
        if (node.hasAttribute("value_floats")) {
            return Tensor.of(new long[] {node.floatsAttribute("value_floats", new float[0]).length}, 4);
        }
        return node.tensorAttribute("value").map(ShapeInference::constant)
                .orElseThrow(() -> new Unknown("it holds no value of a kind cardeck reads (value, value_int(s),"
                        + " value_float(s))", false));
    }

    // ---- shape arithmetic ------------------------------------------------------------------------------------

    /** Numpy-style broadcast of two shapes, aligned at their last axes. */
    static long[] broadcast(long[] a, long[] b) {
        long[] out = new long[Math.max(a.length, b.length)];
        for (int i = 0; i < out.length; i++) {
            long x = i < out.length - a.length ? 1 : a[i - (out.length - a.length)];
            long y = i < out.length - b.length ? 1 : b[i - (out.length - b.length)];
            if (x != y && x != 1 && y != 1) {
                throw new Unknown("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast",
                        false);
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /** The index into a broadcast operand of the {@code flat}-th element of the broadcast result. */
    private static int broadcastIndex(int flat, long[] out, long[] operand) {
        int index = 0;
        int stride = 1;
        int remaining = flat;
        for (int i = out.length - 1, j = operand.length - 1; i >= 0; i--, j--) {
            int coordinate = (int) (remaining % out[i]);
            remaining /= (int) out[i];
            if (j >= 0) {
                if (operand[j] != 1) {
                    index += coordinate * stride;
                }
                stride *= (int) operand[j];
            }
        }
        return index;
    }

    private static long dimOf(Tensor x, int axis) {
        if (axis >= x.rank()) {
            throw new Unknown("its shape copies axis " + axis + " of a tensor of rank " + x.rank(), false);
        }
        return x.dims()[axis];
    }

    private static int axis(long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new Unknown("axis " + axis + " is outside a tensor of rank " + rank, false);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    private static void requireRank(OnnxNode node, Tensor x, int rank, String what) {
        if (x.rank() < rank) {
            throw new Unknown(what + " has rank " + x.rank() + "; " + node.opType() + " needs at least " + rank, false);
        }
    }

    /** 0, 1, ..., count - 1: an operator's axes when it names none. */
    private static long[] firstAxes(int count) {
        long[] axes = new long[count];
        for (int i = 0; i < count; i++) {
            axes[i] = i;
        }
        return axes;
    }

    private static long[] filled(int length, long value) {
        long[] values = new long[length];
        Arrays.fill(values, value);
        return values;
    }
}
