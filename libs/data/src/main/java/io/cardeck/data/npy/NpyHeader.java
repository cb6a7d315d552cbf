package io.cardeck.data.npy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A validated .npy header: C-order array of {@code dtype} with {@code shape}, data from byte {@code dataOffset}. */
public record NpyHeader(NpyDtype dtype, List<Long> shape, long dataOffset) {

    public NpyHeader {
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
    }

    public int rank() {
        return shape.size();
    }

    public long dim(int axis) {
        return shape.get(axis);
    }

    /** Number of elements; an empty shape is a scalar of one element. */
    public long elementCount() {
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    public long dataBytes() {
        return Math.multiplyExact(elementCount(), dtype.itemSize());
    }

    /** The shape as Python writes it, e.g. {@code (5,)} or {@code (50000, 32, 32, 3)}. */
    public String shapeText() {
        return shapeText(shape);
    }

    static String shapeText(List<Long> shape) {
        if (shape.size() == 1) {
            return "(" + shape.get(0) + ",)";
        }
        return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}
