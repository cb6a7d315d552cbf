package io.cardeck.onnx.runtime;

import java.util.Arrays;
import java.util.Objects;

/** One float output of a run: its name, runtime shape and row-major values (shared, not copied). */
public record OutputTensor(String name, long[] shape, float[] data) {

    public OutputTensor {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("output '" + name + "' has shape " + Arrays.toString(shape)
                    + " but " + data.length + " values");
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutputTensor that && name.equals(that.name)
                && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "OutputTensor[" + name + " " + Arrays.toString(shape) + "]";
    }
}
