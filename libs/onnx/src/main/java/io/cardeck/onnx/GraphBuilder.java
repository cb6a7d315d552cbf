package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds an ONNX model in code (opset {@value #OPSET}, IR version {@value #IR_VERSION}). Values
 * must be defined before use, so the node order given is a valid execution order; mistakes are
 * reported at the call that makes them.
 *
 * <pre>{@code
 * OnnxModel model = GraphBuilder.named("tiny")
 *         .input("x", GraphBuilder.BATCH, 4)
 *         .initializer("w", new long[] {3, 4}, weights)
 *         .node("fc", "Gemm", List.of("x", "w"), "logits", NodeAttribute.ofInt("transB", 1))
 *         .output("logits", GraphBuilder.BATCH, 3)
 *         .build();
 * }</pre>
 */
public final class GraphBuilder {

    public static final int OPSET = 17;
    public static final int IR_VERSION = 8;
    /** A dim given as BATCH becomes the symbolic dim {@value #BATCH_DIM_NAME}; allowed first only. */
    public static final long BATCH = -1;
    public static final String BATCH_DIM_NAME = "N";

    private final GraphProto.Builder graph;
    private final Set<String> values = new HashSet<>();
    private final Set<String> nodeNames = new HashSet<>();

    private GraphBuilder(String name) {
        this.graph = GraphProto.newBuilder().setName(name);
    }

    public static GraphBuilder named(String graphName) {
        if (graphName == null || graphName.isBlank()) {
            throw new IllegalArgumentException("graph name must not be blank");
        }
        return new GraphBuilder(graphName);
    }

    /** A float input; a first dim of {@link #BATCH} is symbolic. */
    public GraphBuilder input(String name, long... dims) {
        define(name, "input");
        graph.addInput(floatValue(name, dims, true));
        return this;
    }

    public GraphBuilder initializer(String name, long[] dims, float[] data) {
        return initializer(new FloatTensor(name, dims, data));
    }

    public GraphBuilder initializer(FloatTensor tensor) {
        define(tensor.name(), "initializer");
        graph.addInitializer(tensor.toProto());
        return this;
    }

    /** A 1-D int64 initializer, such as the target shape of a Reshape. */
    public GraphBuilder int64Initializer(String name, long... values) {
        define(name, "initializer");
        graph.addInitializer(new Int64Tensor(name, new long[] {values.length}, values).toProto());
        return this;
    }

    public GraphBuilder node(String name, String opType, List<String> inputs, String output, NodeAttribute... attributes) {
        return node(name, opType, inputs, List.of(output), attributes);
    }

    /**
     * Adds a node of the default domain. Inputs must already be defined (an empty string skips an
     * optional input); outputs must be new names.
     */
    public GraphBuilder node(String name, String opType, List<String> inputs, List<String> outputs,
                             NodeAttribute... attributes) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("node name must not be blank (reports name layers by node)");
        }
        if (!nodeNames.add(name)) {
            throw new IllegalArgumentException("node name '" + name + "' is used twice");
        }
        Objects.requireNonNull(opType, "opType");
        for (String input : inputs) {
            if (!input.isEmpty() && !values.contains(input)) {
                throw new IllegalArgumentException("node '" + name + "' reads '" + input
                        + "', which no input, initializer or earlier node defines");
            }
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("node '" + name + "' must have at least one output");
        }
        for (String output : outputs) {
            define(output, "output of node '" + name + "'");
        }
        NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(opType)
                .addAllInput(inputs).addAllOutput(outputs);
        Set<String> attributeNames = new HashSet<>();
        for (NodeAttribute attribute : attributes) {
            if (!attributeNames.add(attribute.name())) {
                throw new IllegalArgumentException("node '" + name + "' sets attribute '" + attribute.name() + "' twice");
            }
            node.addAttribute(attribute.proto());
        }
        graph.addNode(node);
        return this;
    }

    /** Declares a float graph output; with no dims the shape is left to the runtime. */
    public GraphBuilder output(String name, long... dims) {
        if (!values.contains(name)) {
            throw new IllegalArgumentException("output '" + name + "' is not defined by any input, initializer or node");
        }
        graph.addOutput(floatValue(name, dims, dims.length > 0));
        return this;
    }

    /**
     * @throws OnnxFormatException if the graph has no input or no output
     */
    public OnnxModel build() {
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("cardeck")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
        return OnnxModel.of(model, graph.getName());
    }

    private void define(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " needs a non-empty value name");
        }
        if (!values.add(name)) {
            throw new IllegalArgumentException("value '" + name + "' (" + what + ") is already defined; value names must be unique");
        }
    }

    private static ValueInfoProto floatValue(String name, long[] dims, boolean withShape) {
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE);
        if (withShape) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == BATCH && i == 0) {
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIM_NAME));
                } else if (dims[i] > 0) {
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
                } else {
                    throw new IllegalArgumentException("dim " + i + " of '" + name + "' is " + dims[i]
                            + "; dims must be positive, or BATCH (-1) in first position");
                }
            }
            tensor.setShape(shape);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
