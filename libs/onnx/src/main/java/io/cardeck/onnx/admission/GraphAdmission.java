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
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxFormatException.Reason;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.admission.ShapeInference.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a graph from outside before any ONNX Runtime session is made for it, so that a hostile
 * model is refused by reading it rather than by running it: only the operators of
 * {@link GraphLimits#operators()} (no control flow, no other domains, no model-local functions),
 * weights within {@link GraphLimits#maxWeightBytes()}, and what running it would allocate: the shape
 * of every tensor the graph computes is inferred ({@link ShapeInference}) for a batch of one image and
 * for {@link GraphLimits#LARGEST_BATCH}, each tensor within {@link GraphLimits#maxTensorElements()}
 * and the tensors a run holds at once within {@link GraphLimits#maxActivationBytes()}. A tensor whose size
 * depends on values known only when the graph runs is refused, as are shapes that do not fit
 * together. External data is already refused by {@link OnnxModel}. Each refusal is an
 * {@link OnnxFormatException} that names the node (name and op), the limit and what is accepted.
 */
public final class GraphAdmission {

    private static final Set<String> DEFAULT_DOMAINS = Set.of("", "ai.onnx");
    private static final Set<String> CONTROL_FLOW = Set.of("Loop", "Scan", "If");

    private final OnnxModel model;
    private final GraphLimits limits;
    private final String source;

    private GraphAdmission(OnnxModel model, GraphLimits limits) {
        this.model = model;
        this.limits = limits;
        this.source = model.sourceName();
    }

    /**
     * @throws OnnxFormatException (UNSUPPORTED_OPERATOR, LOCAL_FUNCTIONS, WEIGHTS_TOO_LARGE,
     *         ALLOCATION_TOO_LARGE, UNBOUNDED_ALLOCATION, UNSUPPORTED_INPUT, INVALID_GRAPH) at the first thing
     *         the limits refuse
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
        checkWeights(graph);
        model.graph().nodes().forEach(this::checkOperator);
        List<OnnxNode> order = model.graph().topologicalOrder();
        checkAllocations(graph, order, 1);
        checkAllocations(graph, order, GraphLimits.LARGEST_BATCH);
    }

    private void checkWeights(GraphProto graph) {
        long total = 0;
        String largest = null;
        long largestBytes = -1;
        for (TensorProto tensor : graph.getInitializerList()) {
            long bytes = bytes(tensor);
            total = Sizes.plus(total, bytes);
            if (bytes > largestBytes) {
                largest = "initializer '" + tensor.getName() + "'";
                largestBytes = bytes;
            }
        }
        for (SparseTensorProto sparse : graph.getSparseInitializerList()) {
            total = Sizes.plus(total, Sizes.plus(bytes(sparse.getValues()), bytes(sparse.getIndices())));
        }
        for (NodeProto node : graph.getNodeList()) {
            for (AttributeProto attribute : node.getAttributeList()) {
                if (attribute.hasT()) {
                    long bytes = bytes(attribute.getT());
                    total = Sizes.plus(total, bytes);
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

    /**
     * Every tensor the nodes compute for a batch of {@code batch} images within the limit, and the bytes held at
     * once within the other: a tensor is held from the node that makes it to its last reader (graph outputs to
     * the end), as ONNX Runtime plans a run's memory.
     */
    private void checkAllocations(GraphProto graph, List<OnnxNode> order, long batch) {
        ShapeInference shapes = new ShapeInference();
        try {
            graph.getInitializerList().forEach(t -> shapes.define(t.getName(), ShapeInference.constant(t)));
        } catch (ShapeInference.Unknown e) {
            throw new OnnxFormatException(source, Reason.INVALID_TENSOR, e.getMessage(), e);
        }
        for (ValueInfoProto input : graph.getInputList()) {
            if (!model.graph().isInitializer(input.getName())) {
                shapes.define(input.getName(), fed(input, batch));
            }
        }
        Map<String, Integer> lastUse = new HashMap<>();
        for (int step = 0; step < order.size(); step++) {
            for (String input : order.get(step).inputs()) {
                lastUse.put(input, step);
            }
        }
        graph.getOutputList().forEach(output -> lastUse.put(output.getName(), order.size()));
        Map<String, Long> held = new HashMap<>();
        long holding = 0;
        for (int step = 0; step < order.size(); step++) {
            OnnxNode node = order.get(step);
            Map<String, Tensor> outputs;
            try {
                outputs = shapes.infer(node);
            } catch (ShapeInference.Unknown e) {
                throw unknown(node, e);
            } catch (IllegalStateException e) {
                // An attribute of the wrong type, e.g. FLOAT pads.
                throw new OnnxFormatException(source, Reason.INVALID_GRAPH, e.getMessage(), e);
            }
            for (Map.Entry<String, Tensor> output : outputs.entrySet()) {
                Tensor tensor = output.getValue();
                if (tensor.elements() > limits.maxTensorElements()) {
                    throw new OnnxFormatException(source, Reason.ALLOCATION_TOO_LARGE, "node '" + node.label() + "' ("
                            + node.opType() + ") would make a tensor of " + count(tensor.elements()) + " elements, shape "
                            + Arrays.toString(tensor.dims()) + " for a batch of " + batch + ", more than the limit of "
                            + limits.maxTensorElements() + " elements per tensor; accepted: " + node.opType()
                            + " within the limit");
                }
                if (!node.opType().equals("Constant") && held.put(output.getKey(), tensor.bytes()) == null) {
                    holding = Sizes.plus(holding, tensor.bytes());
                }
            }
            if (holding > limits.maxActivationBytes()) {
                throw new OnnxFormatException(source, Reason.ALLOCATION_TOO_LARGE, "running the graph would hold "
                        + count(holding) + " bytes of computed tensors at once for a batch of " + batch + " (at node '"
                        + node.label() + "' (" + node.opType() + ")), more than the limit of " + limits.maxActivationBytes()
                        + " bytes; accepted: graphs whose tensors, each held until its last use, fit the limit");
            }
            List<String> touched = new ArrayList<>(node.inputs());
            touched.addAll(outputs.keySet());
            for (String value : touched) {
                if (lastUse.getOrDefault(value, step) <= step && held.containsKey(value)) {
                    holding -= held.remove(value);
                }
            }
        }
    }

    private OnnxFormatException unknown(OnnxNode node, ShapeInference.Unknown e) {
        String where = "node '" + node.label() + "' (" + node.opType() + ")";
        if (e.unbounded) {
            return new OnnxFormatException(source, Reason.UNBOUNDED_ALLOCATION, where + " " + e.getMessage()
                    + "; accepted: " + node.opType() + " sized by constants or by other tensors' shapes");
        }
        return new OnnxFormatException(source, Reason.INVALID_GRAPH, where + " cannot run: " + e.getMessage()
                + "; accepted: graphs whose shapes fit together, as ONNX defines each operator");
    }

    /** A graph input's tensor: its first axis the batch (unless fixed), every other axis of a fixed size. */
    private Tensor fed(ValueInfoProto input, long batch) {
        String name = input.getName();
        if (!input.getType().hasTensorType() || !input.getType().getTensorType().hasShape()) {
            throw new OnnxFormatException(source, Reason.UNSUPPORTED_INPUT, "input '" + name + "' declares no tensor"
                    + " shape; accepted: inputs of a declared shape, fixed after the batch axis");
        }
        TensorShapeProto shape = input.getType().getTensorType().getShape();
        long[] dims = new long[shape.getDimCount()];
        for (int axis = 0; axis < dims.length; axis++) {
            TensorShapeProto.Dimension dim = shape.getDim(axis);
            boolean fixed = dim.hasDimValue() && dim.getDimValue() > 0;
            if (!fixed && axis > 0) {
                throw new OnnxFormatException(source, Reason.UNSUPPORTED_INPUT, "input '" + name + "' leaves axis "
                        + axis + " without a size; accepted: inputs of a declared shape, fixed after the batch axis");
            }
            dims[axis] = fixed ? dim.getDimValue() : batch;
        }
        return ShapeInference.Tensor.of(dims, Sizes.elementBytes(input.getType().getTensorType().getElemType()));
    }

    private static String count(long value) {
        return value == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(value);
    }

    /** Bytes a tensor takes by its dims (what ONNX Runtime allocates), or by its stored data if that is more. */
    private static long bytes(TensorProto tensor) {
        long elements = Sizes.product(tensor.getDimsList().stream().mapToLong(Long::longValue).toArray());
        long stored = tensor.getRawData().size();
        for (ByteString text : tensor.getStringDataList()) {
            stored = Sizes.plus(stored, text.size());
        }
        return Math.max(Sizes.times(elements, Sizes.elementBytes(tensor.getDataType())), stored);
    }
}
