package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import com.google.protobuf.ByteString;
import java.util.Objects;

/** A node attribute for {@link GraphBuilder}, e.g. {@code NodeAttribute.ofInts("pads", 1, 1, 1, 1)}. */
public record NodeAttribute(AttributeProto proto) {

    public NodeAttribute {
        Objects.requireNonNull(proto, "proto");
        if (proto.getName().isEmpty()) {
            throw new IllegalArgumentException("attribute name must not be empty");
        }
    }

    public String name() {
        return proto.getName();
    }

    public static NodeAttribute ofInt(String name, long value) {
        return new NodeAttribute(start(name, AttributeType.INT).setI(value).build());
    }

    public static NodeAttribute ofInts(String name, long... values) {
        AttributeProto.Builder builder = start(name, AttributeType.INTS);
        for (long value : values) {
            builder.addInts(value);
        }
        return new NodeAttribute(builder.build());
    }

    public static NodeAttribute ofFloat(String name, float value) {
        return new NodeAttribute(start(name, AttributeType.FLOAT).setF(value).build());
    }

    public static NodeAttribute ofFloats(String name, float... values) {
        AttributeProto.Builder builder = start(name, AttributeType.FLOATS);
        for (float value : values) {
            builder.addFloats(value);
        }
        return new NodeAttribute(builder.build());
    }

    public static NodeAttribute ofString(String name, String value) {
        return new NodeAttribute(start(name, AttributeType.STRING).setS(ByteString.copyFromUtf8(value)).build());
    }

    public static NodeAttribute ofStrings(String name, String... values) {
        AttributeProto.Builder builder = start(name, AttributeType.STRINGS);
        for (String value : values) {
            builder.addStrings(ByteString.copyFromUtf8(value));
        }
        return new NodeAttribute(builder.build());
    }

    /** A TENSOR attribute, as the {@code value} of a Constant node. */
    public static NodeAttribute ofTensor(String name, FloatTensor value) {
        return new NodeAttribute(start(name, AttributeType.TENSOR).setT(value.toProto()).build());
    }

    private static AttributeProto.Builder start(String name, AttributeType type) {
        Objects.requireNonNull(name, "attribute name");
        return AttributeProto.newBuilder().setName(name).setType(type);
    }
}
