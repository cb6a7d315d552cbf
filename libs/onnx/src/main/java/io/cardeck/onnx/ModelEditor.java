package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;

/**
 * Collects changes to a model; {@link #build()} returns the changed copy and leaves the original
 * untouched. Not thread-safe: one editor per thread.
 */
public final class ModelEditor {

    private final OnnxModel base;
    private final ModelProto.Builder builder;

    ModelEditor(OnnxModel base) {
        this.base = base;
        this.builder = base.proto().toBuilder();
    }

    /**
     * Replaces the values of the FLOAT initializer with the tensor's name, stored as raw_data.
     *
     * @throws IllegalArgumentException if there is no such initializer, it is not FLOAT, or the
     *     replacement's dims differ from the stored dims
     */
    public ModelEditor replaceInitializer(FloatTensor tensor) {
        String name = tensor.name();
        int index = base.graph().initializerPosition(name);
        if (index < 0) {
            throw new IllegalArgumentException(base.sourceName() + ": graph has no initializer named '" + name + "'");
        }
        TensorProto stored = builder.getGraph().getInitializer(index);
        if (stored.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException(base.sourceName() + ": initializer '" + name + "' has data type "
                    + TensorProto.DataType.forNumber(stored.getDataType()) + "; only FLOAT initializers can take a FloatTensor");
        }
        long[] storedDims = Dims.of(stored.getDimsList());
        if (!Arrays.equals(storedDims, tensor.dims())) {
            throw new IllegalArgumentException(base.sourceName() + ": initializer '" + name + "' has dims "
                    + Arrays.toString(storedDims) + "; the replacement has " + Arrays.toString(tensor.dims())
                    + " (replacing keeps dims)");
        }
        TensorProto replaced = stored.toBuilder()
                .clearFloatData()
                .setRawData(tensor.rawData())
                .build();
        builder.getGraphBuilder().setInitializer(index, replaced);
        return this;
    }

    /**
     * Replaces a FLOAT initializer with a tensor of the same name whose dims may differ, as structured
     * pruning does when it removes channels. A graph input that declares the initializer (older
     * models list initializers among the inputs) gets the new dims too.
     *
     * @throws IllegalArgumentException if there is no such initializer or it is not FLOAT
     */
    public ModelEditor resizeInitializer(FloatTensor tensor) {
        String name = tensor.name();
        int index = base.graph().initializerPosition(name);
        if (index < 0) {
            throw new IllegalArgumentException(base.sourceName() + ": graph has no initializer named '" + name + "'");
        }
        TensorProto stored = builder.getGraph().getInitializer(index);
        if (stored.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException(base.sourceName() + ": initializer '" + name + "' has data type "
                    + TensorProto.DataType.forNumber(stored.getDataType()) + "; only FLOAT initializers can take a FloatTensor");
        }
        GraphProto.Builder graph = builder.getGraphBuilder();
        graph.setInitializer(index, tensor.toProto());
        for (ValueInfoProto.Builder input : graph.getInputBuilderList()) {
            if (input.getName().equals(name) && input.getType().getTensorType().hasShape()) {
                TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
                for (long dim : tensor.dims()) {
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
                }
                input.getTypeBuilder().getTensorTypeBuilder().setShape(shape);
            }
        }
        return this;
    }

    /**
     * Adds a FLOAT initializer, e.g. a bias that a layer did not have.
     *
     * @throws IllegalArgumentException if a graph input, initializer or node output already has the name
     */
    public ModelEditor addInitializer(FloatTensor tensor) {
        String name = tensor.name();
        GraphProto.Builder graph = builder.getGraphBuilder();
        boolean taken = graph.getInitializerList().stream().anyMatch(t -> t.getName().equals(name))
                || graph.getInputList().stream().anyMatch(i -> i.getName().equals(name))
                || graph.getNodeList().stream().anyMatch(n -> n.getOutputList().contains(name));
        if (taken) {
            throw new IllegalArgumentException(base.sourceName() + ": the graph already has a value named '" + name + "'");
        }
        graph.addInitializer(tensor.toProto());
        return this;
    }

    /**
     * Sets input {@code position} of the node at {@code nodeIndex} to {@code value}; positions between
     * the node's last input and {@code position} become empty (omitted optional inputs).
     */
    public ModelEditor setNodeInput(int nodeIndex, int position, String value) {
        NodeProto.Builder node = node(nodeIndex);
        while (node.getInputCount() <= position) {
            node.addInput("");
        }
        node.setInput(position, value);
        return this;
    }

    /** Adds the attribute to the node at {@code nodeIndex}, replacing one of the same name. */
    public ModelEditor setNodeAttribute(int nodeIndex, NodeAttribute attribute) {
        NodeProto.Builder node = node(nodeIndex);
        for (int i = 0; i < node.getAttributeCount(); i++) {
            AttributeProto existing = node.getAttribute(i);
            if (existing.getName().equals(attribute.name())) {
                node.setAttribute(i, attribute.proto());
                return this;
            }
        }
        node.addAttribute(attribute.proto());
        return this;
    }

    /**
     * Drops the graph's value_info entries (shape annotations of intermediate values) for
     * {@code values}: after a change of shape they would be wrong, and ONNX Runtime infers them again.
     */
    public ModelEditor removeValueInfo(Collection<String> values) {
        Set<String> removed = Set.copyOf(values);
        GraphProto.Builder graph = builder.getGraphBuilder();
        for (int i = graph.getValueInfoCount() - 1; i >= 0; i--) {
            if (removed.contains(graph.getValueInfo(i).getName())) {
                graph.removeValueInfo(i);
            }
        }
        return this;
    }

    private NodeProto.Builder node(int nodeIndex) {
        GraphProto.Builder graph = builder.getGraphBuilder();
        if (nodeIndex < 0 || nodeIndex >= graph.getNodeCount()) {
            throw new IllegalArgumentException(base.sourceName() + ": the graph has " + graph.getNodeCount()
                    + " nodes; there is no node " + nodeIndex);
        }
        return graph.getNodeBuilder(nodeIndex);
    }

    /** Replaces all metadata_props with {@code metadata}. */
    public ModelEditor metadata(ModelMetadata metadata) {
        builder.clearMetadataProps().addAllMetadataProps(MetadataCodec.write(metadata));
        return this;
    }

    public OnnxModel build() {
        return base.derived(builder.build());
    }
}
