package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/** A named int64 tensor such as the target shape of a Reshape. */
public record Int64Tensor(String name, long[] dims, long[] data) {

    public Int64Tensor {
        Objects.requireNonNull(name, "name");
        dims = dims.clone();
        data = data.clone();
        int count = Dims.elementCount(name, dims);
        if (count != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has dims " + Arrays.toString(dims)
                    + " (" + count + " elements) but " + data.length + " values");
        }
    }

    /**
     * Reads an INT64 TensorProto stored either as int64_data or as little-endian raw_data.
     *
     * @throws IllegalArgumentException if the tensor is not INT64 or its size does not match its dims
     */
    public static Int64Tensor of(TensorProto proto) {
        String name = proto.getName();
        if (proto.getDataType() != TensorProto.DataType.INT64_VALUE) {
            throw new IllegalArgumentException("tensor '" + name + "' has data type "
                    + TensorProto.DataType.forNumber(proto.getDataType()) + "; expected INT64");
        }
        long[] dims = Dims.of(proto.getDimsList());
        int count = Dims.elementCount(name, dims);
        long[] data = new long[count];
        if (proto.hasRawData()) {
            ByteString raw = proto.getRawData();
            if (raw.size() != (long) count * Long.BYTES) {
                throw new IllegalArgumentException("tensor '" + name + "' with dims " + Arrays.toString(dims)
                        + " needs " + (long) count * Long.BYTES + " bytes of raw_data, has " + raw.size());
            }
            raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(data);
        } else {
            if (proto.getInt64DataCount() != count) {
                throw new IllegalArgumentException("tensor '" + name + "' with dims " + Arrays.toString(dims)
                        + " needs " + count + " int64_data values, has " + proto.getInt64DataCount());
            }
            for (int i = 0; i < count; i++) {
                data[i] = proto.getInt64Data(i);
            }
        }
        return new Int64Tensor(name, dims, data);
    }

    /** An INT64 TensorProto holding the values as int64_data. */
    public TensorProto toProto() {
        TensorProto.Builder builder = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE);
        for (long dim : dims) {
            builder.addDims(dim);
        }
        for (long value : data) {
            builder.addInt64Data(value);
        }
        return builder.build();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public long[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Int64Tensor that && name.equals(that.name)
                && Arrays.equals(dims, that.dims) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Int64Tensor[" + name + " " + Arrays.toString(dims) + " = " + Arrays.toString(data) + "]";
    }
}
