package io.cardeck.trainer.ops;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.Int64Tensor;
import io.cardeck.onnx.OnnxNode;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A FLOAT or INT64 tensor known when the graph is compiled: an initializer or the value of a
 * Constant node. Exactly one of {@code floats} and {@code longs} is non-null.
 */
public record ConstantTensor(long[] dims, float[] floats, long[] longs) {

    public ConstantTensor {
        dims = dims.clone();
        if ((floats == null) == (longs == null)) {
            throw new IllegalArgumentException("a constant holds either floats or longs");
        }
    }

    /**
     * Reads a FLOAT or INT64 TensorProto.
     *
     * @throws IllegalArgumentException naming the tensor if it has another type or bad data
     */
    public static ConstantTensor of(TensorProto proto) {
        if (proto.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
            FloatTensor tensor = FloatTensor.of(proto);
            return new ConstantTensor(tensor.dims(), tensor.data(), null);
        }
        if (proto.getDataType() == TensorProto.DataType.INT64_VALUE) {
            Int64Tensor tensor = Int64Tensor.of(proto);
            return new ConstantTensor(tensor.dims(), null, tensor.data());
        }
        throw new IllegalArgumentException("tensor '" + proto.getName() + "' has data type "
                + TensorProto.DataType.forNumber(proto.getDataType()) + "; the trainer supports FLOAT and INT64 tensors");
    }

    /**
     * The value of a Constant node: its {@code value} tensor, or {@code value_float(s)} /
     * {@code value_int(s)}.
     *
     * @throws IllegalArgumentException if the node holds another kind of value, or none
     */
    public static ConstantTensor ofConstantNode(OnnxNode node) {
        Optional<TensorProto> tensor = node.tensorAttribute("value");
        if (tensor.isPresent()) {
            return of(tensor.get());
        }
        if (node.hasAttribute("value_float")) {
            return new ConstantTensor(new long[0], new float[] {node.floatAttribute("value_float", 0f)}, null);
        }
        if (node.hasAttribute("value_floats")) {
            float[] values = node.floatsAttribute("value_floats", new float[0]);
            return new ConstantTensor(new long[] {values.length}, values, null);
        }
        if (node.hasAttribute("value_int")) {
            return new ConstantTensor(new long[0], null, new long[] {node.intAttribute("value_int", 0)});
        }
        if (node.hasAttribute("value_ints")) {
            long[] values = node.intsAttribute("value_ints", new long[0]);
            return new ConstantTensor(new long[] {values.length}, null, values);
        }
        throw new IllegalArgumentException("the Constant holds no value, value_float(s) or value_int(s) attribute;"
                + " sparse and string constants are not supported");
    }

    public boolean isFloat() {
        return floats != null;
    }

    public int size() {
        return isFloat() ? floats.length : longs.length;
    }

    /** The values as doubles (either type). */
    public double doubleValue(int index) {
        return isFloat() ? floats[index] : longs[index];
    }

    /** The values as longs (shapes, pads, axes); float values are truncated. */
    public long[] asLongs() {
        if (!isFloat()) {
            return longs.clone();
        }
        long[] values = new long[floats.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) floats[i];
        }
        return values;
    }

    /** A new array in {@code manager}: floats in {@code floatType} (FLOAT32 or FLOAT64), longs as int64. */
    public NDArray toArray(NDManager manager, DataType floatType) {
        Shape shape = new Shape(dims);
        if (!isFloat()) {
            return manager.create(longs, shape);
        }
        if (floatType == DataType.FLOAT32) {
            return manager.create(floats, shape);
        }
        double[] widened = new double[floats.length];
        for (int i = 0; i < widened.length; i++) {
            widened[i] = floats[i];
        }
        return manager.create(widened, shape);
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConstantTensor that && Arrays.equals(dims, that.dims)
                && Arrays.equals(floats, that.floats) && Arrays.equals(longs, that.longs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(dims), Arrays.hashCode(floats), Arrays.hashCode(longs));
    }

    @Override
    public String toString() {
        return "ConstantTensor" + Arrays.toString(dims) + (isFloat() ? " float" : " int64");
    }
}
