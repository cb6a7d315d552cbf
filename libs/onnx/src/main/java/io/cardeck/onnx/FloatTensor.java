package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named float32 tensor, row-major. The data array is shared, not copied: weights can be
 * hundreds of megabytes, so ownership passes to the record and callers must not mutate it after
 * handing it over.
 */
public record FloatTensor(String name, long[] dims, float[] data) {

    public FloatTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        dims = dims.clone();
        int count = Dims.elementCount(name, dims);
        if (count != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has dims " + Arrays.toString(dims)
                    + " (" + count + " elements) but " + data.length + " values");
        }
    }

    /**
     * Reads a FLOAT TensorProto stored either as float_data or as little-endian raw_data.
     *
     * @throws IllegalArgumentException if the tensor is not FLOAT, keeps its data externally, or
     *     holds a number of values that does not match its dims
     */
    public static FloatTensor of(TensorProto proto) {
        String name = proto.getName();
        if (proto.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("tensor '" + name + "' has data type "
                    + TensorProto.DataType.forNumber(proto.getDataType()) + "; expected FLOAT");
        }
        if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor '" + name + "' keeps its data in an external file");
        }
        long[] dims = Dims.of(proto.getDimsList());
        int count = Dims.elementCount(name, dims);
        float[] data = new float[count];
        if (proto.hasRawData()) {
            ByteString raw = proto.getRawData();
            if (raw.size() != (long) count * Float.BYTES) {
                throw new IllegalArgumentException("tensor '" + name + "' with dims " + Arrays.toString(dims)
                        + " needs " + (long) count * Float.BYTES + " bytes of raw_data, has " + raw.size());
            }
            raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else {
            if (proto.getFloatDataCount() != count) {
                throw new IllegalArgumentException("tensor '" + name + "' with dims " + Arrays.toString(dims)
                        + " needs " + count + " float_data values, has " + proto.getFloatDataCount());
            }
            for (int i = 0; i < count; i++) {
                data[i] = proto.getFloatData(i);
            }
        }
        return new FloatTensor(name, dims, data);
    }

    /** A FLOAT TensorProto holding the data as little-endian raw_data (compact and fast to parse). */
    public TensorProto toProto() {
        TensorProto.Builder builder = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(rawData());
        for (long dim : dims) {
            builder.addDims(dim);
        }
        return builder.build();
    }

    ByteString rawData() {
        byte[] bytes = new byte[data.length * Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data);
        // The array is fresh and never escapes, so wrapping without a copy is safe.
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /**
     * The slices at {@code indices} along {@code axis}, in that order: a tensor of the same rank whose
     * {@code axis} has {@code indices.length} entries (e.g. the filters a structured pruner keeps).
     *
     * @throws IllegalArgumentException if the axis or an index is out of range
     */
    public FloatTensor select(int axis, int[] indices) {
        if (axis < 0 || axis >= dims.length) {
            throw new IllegalArgumentException("tensor '" + name + "' with dims " + Arrays.toString(dims) + " has no axis " + axis);
        }
        int length = Math.toIntExact(dims[axis]);
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < dims.length; d++) {
            if (d < axis) {
                outer = Math.multiplyExact(outer, Math.toIntExact(dims[d]));
            } else if (d > axis) {
                inner = Math.multiplyExact(inner, Math.toIntExact(dims[d]));
            }
        }
        float[] selected = new float[Math.multiplyExact(outer, Math.multiplyExact(indices.length, inner))];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int index : indices) {
                if (index < 0 || index >= length) {
                    throw new IllegalArgumentException("tensor '" + name + "': index " + index + " is outside axis " + axis
                            + " of " + length + " entries");
                }
                System.arraycopy(data, (o * length + index) * inner, selected, at, inner);
                at += inner;
            }
        }
        long[] selectedDims = dims.clone();
        selectedDims[axis] = indices.length;
        return new FloatTensor(name, selectedDims, selected);
    }

    /** Number of values that are not exactly zero. */
    public long nonZeros() {
        long count = 0;
        for (float value : data) {
            if (value != 0f) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FloatTensor that && name.equals(that.name)
                && Arrays.equals(dims, that.dims) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "FloatTensor[" + name + " " + Arrays.toString(dims) + "]";
    }
}
