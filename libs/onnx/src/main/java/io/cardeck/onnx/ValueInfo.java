package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Arrays;
import java.util.Objects;

/**
 * A declared graph input or output.
 *
 * @param name value name
 * @param elemType ONNX element type number ({@code TensorProto.DataType}), 0 when undeclared
 * @param dims one entry per axis, {@link #UNKNOWN_DIM} for symbolic or missing sizes; empty when
 *     the shape is unknown or the value is a scalar (see {@code shapeKnown})
 * @param shapeKnown whether the rank is declared
 */
public record ValueInfo(String name, int elemType, long[] dims, boolean shapeKnown) {

    /** Marks a symbolic ("N") or unspecified dim. */
    public static final long UNKNOWN_DIM = -1;

    public ValueInfo {
        Objects.requireNonNull(name, "name");
        dims = dims.clone();
    }

    static ValueInfo of(ValueInfoProto proto) {
        TypeProto type = proto.getType();
        if (!type.hasTensorType()) {
            return new ValueInfo(proto.getName(), 0, new long[0], false);
        }
        TypeProto.Tensor tensor = type.getTensorType();
        if (!tensor.hasShape()) {
            return new ValueInfo(proto.getName(), tensor.getElemType(), new long[0], false);
        }
        TensorShapeProto shape = tensor.getShape();
        long[] dims = new long[shape.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension dim = shape.getDim(i);
            dims[i] = dim.hasDimValue() ? dim.getDimValue() : UNKNOWN_DIM;
        }
        return new ValueInfo(proto.getName(), tensor.getElemType(), dims, true);
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** The element type's name, e.g. {@code FLOAT}, or {@code UNDEFINED}. */
    public String elemTypeName() {
        TensorProto.DataType type = TensorProto.DataType.forNumber(elemType);
        return type == null ? "UNKNOWN(" + elemType + ")" : type.name();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValueInfo that && name.equals(that.name) && elemType == that.elemType
                && Arrays.equals(dims, that.dims) && shapeKnown == that.shapeKnown;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, elemType, Arrays.hashCode(dims), shapeKnown);
    }

    @Override
    public String toString() {
        return name + ": " + elemTypeName() + (shapeKnown ? Arrays.toString(dims) : "[?]");
    }
}
