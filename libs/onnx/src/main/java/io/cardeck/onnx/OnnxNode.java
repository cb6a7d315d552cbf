package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a graph with typed attribute readers.
 *
 * @param index position of the node in the graph's node list
 * @param proto the node itself
 */
public record OnnxNode(int index, NodeProto proto) {

    public OnnxNode {
        Objects.requireNonNull(proto, "proto");
    }

    public String opType() {
        return proto.getOpType();
    }

    /** The node's name; may be empty in models from other tools (see {@link #label()}). */
    public String name() {
        return proto.getName();
    }

    /** Operator domain; empty for the default ONNX domain. */
    public String domain() {
        return proto.getDomain();
    }

    /** Input value names in order; an empty string marks an omitted optional input. */
    public List<String> inputs() {
        return proto.getInputList();
    }

    public List<String> outputs() {
        return proto.getOutputList();
    }

    /** The name if set, otherwise {@code opType#index}: something a report can show for every node. */
    public String label() {
        return proto.getName().isEmpty() ? proto.getOpType() + "#" + index : proto.getName();
    }

    public boolean hasAttribute(String name) {
        return find(name).isPresent();
    }

    public long intAttribute(String name, long fallback) {
        return find(name).map(a -> expect(a, AttributeType.INT).getI()).orElse(fallback);
    }

    /** The INTS attribute, or a copy of {@code fallback} when absent. */
    public long[] intsAttribute(String name, long[] fallback) {
        Optional<AttributeProto> attribute = find(name);
        if (attribute.isEmpty()) {
            return fallback.clone();
        }
        return Dims.of(expect(attribute.get(), AttributeType.INTS).getIntsList());
    }

    public float floatAttribute(String name, float fallback) {
        return find(name).map(a -> expect(a, AttributeType.FLOAT).getF()).orElse(fallback);
    }

    /** The FLOATS attribute, or a copy of {@code fallback} when absent. */
    public float[] floatsAttribute(String name, float[] fallback) {
        Optional<AttributeProto> attribute = find(name);
        if (attribute.isEmpty()) {
            return fallback.clone();
        }
        List<Float> values = expect(attribute.get(), AttributeType.FLOATS).getFloatsList();
        float[] result = new float[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i);
        }
        return result;
    }

    /** The STRING attribute decoded as UTF-8, or {@code fallback} when absent. */
    public String stringAttribute(String name, String fallback) {
        return find(name).map(a -> expect(a, AttributeType.STRING).getS().toStringUtf8()).orElse(fallback);
    }

    /** The TENSOR attribute (as in Constant nodes); read it with {@link FloatTensor#of} or {@link Int64Tensor#of}. */
    public Optional<TensorProto> tensorAttribute(String name) {
        return find(name).map(a -> expect(a, AttributeType.TENSOR).getT());
    }

    private Optional<AttributeProto> find(String name) {
        for (AttributeProto attribute : proto.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }

    private AttributeProto expect(AttributeProto attribute, AttributeType type) {
        if (attribute.getType() != type) {
            throw new IllegalStateException("node '" + label() + "' (" + opType() + ") has attribute '"
                    + attribute.getName() + "' of type " + attribute.getType() + "; expected " + type);
        }
        return attribute;
    }
}
