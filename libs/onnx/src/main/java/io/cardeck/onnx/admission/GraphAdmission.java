package io.cardeck.onnx.admission;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.cardeck.onnx.Int64Tensor;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxFormatException.Reason;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a graph from outside before any ONNX Runtime session is made for it, so that a hostile
 * model is refused by reading it rather than by running it: only the operators of
 * {@link GraphLimits#operators()} (no control flow, no other domains, no model-local functions),
 * weights within {@link GraphLimits#maxWeightBytes()}, and nodes that make tensors from constants
 * (ConstantOfShape, Expand, Tile, Pad, padded Conv and pooling) within
 * {@link GraphLimits#maxTensorElements()}. External data is already refused by {@link OnnxModel}.
 * Each refusal is an {@link OnnxFormatException} that names the node (name and op), the limit and
 * what is accepted.
 *
 * <p>What it does not bound: a tensor computed from other computed tensors (a MatMul of two
 * activations), whose size needs shape inference over the whole graph; the caller's time budget for
 * the session and trial run is the guard there.
 */
public final class GraphAdmission {

    private static final Set<String> DEFAULT_DOMAINS = Set.of("", "ai.onnx");
    private static final Set<String> CONTROL_FLOW = Set.of("Loop", "Scan", "If");
    private static final Set<String> PADDED_WINDOWS = Set.of("Conv", "MaxPool", "AveragePool");

    private final OnnxModel model;
    private final GraphLimits limits;
    private final String source;
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, long[]> inputShapes = new HashMap<>();

    private GraphAdmission(OnnxModel model, GraphLimits limits) {
        this.model = model;
        this.limits = limits;
        this.source = model.sourceName();
    }

    /**
     * @throws OnnxFormatException (UNSUPPORTED_OPERATOR, LOCAL_FUNCTIONS, WEIGHTS_TOO_LARGE,
     *         ALLOCATION_TOO_LARGE, UNBOUNDED_ALLOCATION) at the first thing the limits refuse
     */
    public static void check(OnnxModel model, GraphLimits limits) {
        new GraphAdmission(model, limits).check();
    }

    private void check() {
        ModelProto proto = model.proto();
        if (proto.getFunctionsCount() > 0) {
            FunctionProto first = proto.getFunctions(0);
            throw new OnnxFormatException(source, Reason.LOCAL_FUNCTIONS, "the model defines "
                    + proto.getFunctionsCount() + " local function(s), the first '" + first.getDomain() + "."
                    + first.getName() + "'; accepted: graphs of standard ONNX operators only (inline the functions"
                    + " when exporting)");
        }
        GraphProto graph = proto.getGraph();
        graph.getInitializerList().forEach(t -> constants.put(t.getName(), t));
        for (ValueInfoProto input : graph.getInputList()) {
            if (input.getType().hasTensorType() && input.getType().getTensorType().hasShape()) {
                inputShapes.put(input.getName(), fedShape(input.getType().getTensorType().getShape()));
            }
        }
        checkWeights(graph);
        for (OnnxNode node : model.graph().nodes()) {
            checkOperator(node);
            try {
                if (node.opType().equals("Constant") && !node.outputs().isEmpty()) {
                    constantValue(node).ifPresent(value -> constants.put(node.outputs().get(0), value));
                }
                checkAllocation(node);
            } catch (IllegalStateException e) {
                // An attribute of the wrong type, e.g. FLOAT pads.
                throw new OnnxFormatException(source, Reason.INVALID_GRAPH, e.getMessage(), e);
            }
        }
    }

    /** A Constant node's tensor, from {@code value} or {@code value_ints} (the forms a shape takes). */
    private static Optional<TensorProto> constantValue(OnnxNode node) {
        if (node.hasAttribute("value_ints")) {
            long[] values = node.intsAttribute("value_ints", new long[0]);
            return Optional.of(new Int64Tensor(node.outputs().get(0), new long[] {values.length}, values).toProto());
        }
        return node.tensorAttribute("value");
    }

    private void checkWeights(GraphProto graph) {
        long total = 0;
        String largest = null;
        long largestBytes = -1;
        for (TensorProto tensor : graph.getInitializerList()) {
            long bytes = bytes(tensor);
            total = plus(total, bytes);
            if (bytes > largestBytes) {
                largest = "initializer '" + tensor.getName() + "'";
                largestBytes = bytes;
            }
        }
        for (SparseTensorProto sparse : graph.getSparseInitializerList()) {
            total = plus(total, plus(bytes(sparse.getValues()), bytes(sparse.getIndices())));
        }
        for (NodeProto node : graph.getNodeList()) {
            for (AttributeProto attribute : node.getAttributeList()) {
                if (attribute.hasT()) {
                    long bytes = bytes(attribute.getT());
                    total = plus(total, bytes);
                    if (bytes > largestBytes) {
                        largest = "the constant of node '" + node.getName() + "' (" + node.getOpType() + ")";
                        largestBytes = bytes;
                    }
                }
            }
        }
        if (total > limits.maxWeightBytes()) {
            throw new OnnxFormatException(source, Reason.WEIGHTS_TOO_LARGE, "initializers and constants declare "
                    + total + " bytes (the largest, " + largest + ", " + largestBytes + " bytes), more than the limit of "
                    + limits.maxWeightBytes() + " bytes; accepted: models whose weights, counted by their dims, fit"
                    + " the limit");
        }
    }

    private void checkOperator(OnnxNode node) {
        if (!DEFAULT_DOMAINS.contains(node.domain())) {
            throw new OnnxFormatException(source, Reason.UNSUPPORTED_OPERATOR, "node '" + node.label() + "' ("
                    + node.opType() + ") is in domain '" + node.domain() + "'; accepted: operators of the default ONNX"
                    + " domain: " + String.join(", ", limits.operators()));
        }
        if (!limits.operators().contains(node.opType())) {
            String why = CONTROL_FLOW.contains(node.opType())
                    ? " (control flow is not accepted: its trip count, time and memory are not known before it runs)"
                    : "";
            throw new OnnxFormatException(source, Reason.UNSUPPORTED_OPERATOR, "node '" + node.label() + "' ("
                    + node.opType() + ") is not an operator cardeck's services run" + why + "; accepted: "
                    + String.join(", ", limits.operators()));
        }
    }

    private void checkAllocation(OnnxNode node) {
        switch (node.opType()) {
            case "ConstantOfShape" -> {
                long[] shape = constantInput(node, 0, "shape");
                bound(node, product(shape), "shape " + Arrays.toString(shape), false);
            }
            case "Expand" -> {
                long[] shape = constantInput(node, 1, "shape");
                Optional<long[]> in = knownShape(input(node, 0));
                long[] out = in.map(dims -> broadcast(dims, shape)).orElse(shape);
                bound(node, product(out), "shape " + Arrays.toString(out), in.isEmpty());
            }
            case "Tile" -> {
                long[] repeats = constantInput(node, 1, "repeats");
                Optional<long[]> in = knownShape(input(node, 0));
                long elements = times(in.map(GraphAdmission::product).orElse(1L), product(repeats));
                bound(node, elements, "repeats " + Arrays.toString(repeats), in.isEmpty());
            }
            case "Pad" -> {
                // Opsets before 11 give the pads as an attribute, later ones as the second input.
                long[] pads = input(node, 1).isEmpty()
                        ? node.intsAttribute("pads", new long[0]) : constantInput(node, 1, "pads");
                checkPadding(node, pads, 0);
            }
            default -> {
                if (PADDED_WINDOWS.contains(node.opType())) {
                    checkPadding(node, node.intsAttribute("pads", new long[0]), 2);
                }
            }
        }
    }

    /**
     * Padding grows every padded axis by its two pads; with the input's shape unknown, each axis
     * counts as 1, which is a lower bound.
     *
     * @param leadingAxes axes before the padded ones in the input (N and C for Conv and pooling)
     */
    private void checkPadding(OnnxNode node, long[] pads, int leadingAxes) {
        int axes = pads.length / 2;
        Optional<long[]> in = knownShape(input(node, 0)).filter(dims -> dims.length == axes + leadingAxes);
        long elements = 1;
        for (int axis = 0; axis < axes; axis++) {
            long size = in.isPresent() ? in.get()[leadingAxes + axis] : 1;
            elements = times(elements, Math.max(0, plus(size, plus(pads[axis], pads[axis + axes]))));
        }
        if (in.isPresent()) {
            for (int axis = 0; axis < leadingAxes; axis++) {
                elements = times(elements, in.get()[axis]);
            }
        }
        bound(node, elements, "pads " + Arrays.toString(pads), in.isEmpty());
    }

    private void bound(OnnxNode node, long elements, String from, boolean lowerBound) {
        if (elements > limits.maxTensorElements()) {
            throw new OnnxFormatException(source, Reason.ALLOCATION_TOO_LARGE, "node '" + node.label() + "' ("
                    + node.opType() + ") would make a tensor of " + (lowerBound ? "at least " : "")
                    + (elements == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : elements) + " elements from its "
                    + from + ", more than the limit of " + limits.maxTensorElements() + " elements per tensor; accepted: "
                    + node.opType() + " within the limit");
        }
    }

    /** A 1-D int64 input that must be a constant (initializer or Constant node) so its effect is known now. */
    private long[] constantInput(OnnxNode node, int index, String role) {
        String name = input(node, index);
        TensorProto constant = constants.get(name);
        if (constant == null) {
            throw new OnnxFormatException(source, Reason.UNBOUNDED_ALLOCATION, "node '" + node.label() + "' ("
                    + node.opType() + ") takes its " + role + " from '" + name + "', which the graph computes when it"
                    + " runs, so the size of its output cannot be checked before; accepted: " + node.opType()
                    + " with a constant " + role + " (an initializer or a Constant node)");
        }
        try {
            return Int64Tensor.of(constant).data();
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(source, Reason.INVALID_TENSOR, "node '" + node.label() + "' ("
                    + node.opType() + "): its " + role + " '" + name + "' is not a valid int64 tensor: " + e.getMessage(), e);
        }
    }

    /** The name of a node's input; empty when the node has no such input (a hostile graph may omit any). */
    private static String input(OnnxNode node, int index) {
        return index < node.inputs().size() ? node.inputs().get(index) : "";
    }

    /** The dims of a constant, or of a graph input with its symbolic dims (the batch) at 1. */
    private Optional<long[]> knownShape(String value) {
        TensorProto constant = constants.get(value);
        if (constant != null) {
            return Optional.of(constant.getDimsList().stream().mapToLong(Long::longValue).toArray());
        }
        return Optional.ofNullable(inputShapes.get(value));
    }

    private static long[] fedShape(TensorShapeProto shape) {
        return shape.getDimList().stream()
                .mapToLong(dim -> dim.hasDimValue() && dim.getDimValue() > 0 ? dim.getDimValue() : 1)
                .toArray();
    }

    /** Numpy-style broadcast of two shapes, aligned at their last axes. */
    private static long[] broadcast(long[] a, long[] b) {
        long[] out = new long[Math.max(a.length, b.length)];
        for (int i = 0; i < out.length; i++) {
            long x = i < out.length - a.length ? 1 : a[i - (out.length - a.length)];
            long y = i < out.length - b.length ? 1 : b[i - (out.length - b.length)];
            out[i] = Math.max(x, y);
        }
        return out;
    }

    private static long product(long[] dims) {
        long product = 1;
        for (long dim : dims) {
            product = times(product, Math.max(0, dim));
        }
        return product;
    }

    /** Bytes a tensor takes by its dims (what ONNX Runtime allocates), or by its stored data if that is more. */
    private static long bytes(TensorProto tensor) {
        long elements = product(tensor.getDimsList().stream().mapToLong(Long::longValue).toArray());
        long stored = tensor.getRawData().size();
        for (ByteString text : tensor.getStringDataList()) {
            stored = plus(stored, text.size());
        }
        return Math.max(times(elements, elementBytes(tensor.getDataType())), stored);
    }

    private static long elementBytes(int dataType) {
        return switch (TensorProto.DataType.forNumber(dataType) == null ? TensorProto.DataType.UNDEFINED
                : TensorProto.DataType.forNumber(dataType)) {
            case UINT8, INT8, BOOL -> 1;
            case UINT16, INT16, FLOAT16, BFLOAT16 -> 2;
            case FLOAT, INT32, UINT32 -> 4;
            case INT64, UINT64, DOUBLE, COMPLEX64 -> 8;
            case COMPLEX128 -> 16;
            // Strings count by their stored bytes; 8-bit floats and unknown types at one byte.
            default -> dataType == TensorProto.DataType.STRING_VALUE ? 0 : 1;
        };
    }

    /** Saturating: a hostile graph's dims must not wrap around to a small number. */
    private static long times(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }
}
