package io.cardeck.data;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Images kept as uint8 records in one or more byte buffers (heap or memory-mapped), read without
 * copying the storage. Several segments let a set span files (CIFAR-10 training batches) or pass the
 * 2 GB limit of one buffer; each segment holds a whole number of records. Reads use absolute
 * indices only, so concurrent readers never disturb each other.
 */
public final class Uint8ImageDataset implements ImageDataset {

    /** {@code value / 255f} for every uint8 value, computed once: conversion is one load per pixel. */
    private static final float[] UNIT = new float[256];

    /** Per-thread copy of one stored image, grown on demand, so interleaved images are transposed without allocating. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    private final String name;
    private final ImageShape shape;
    private final RecordFormat format;
    private final ByteBuffer[] segments;
    /** Index of the first image of each segment. */
    private final int[] segmentStarts;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param segments buffers whose remaining bytes (position to limit) are whole records, in image
     *                   order; the dataset keeps read-only views of them, so later position changes do not matter
     * @param labels   one label per record, each in {@code 0 .. classNames.size()-1} (copied)
     */
    public Uint8ImageDataset(String name, ImageShape shape, RecordFormat format, List<ByteBuffer> segments,
                             int[] labels, List<String> classNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.format = Objects.requireNonNull(format, "format");
        this.classNames = List.copyOf(classNames);
        if (format.pixelOffset() + shape.size() > format.stride()) {
            throw new IllegalArgumentException("a " + shape + " image at offset " + format.pixelOffset()
                    + " does not fit in a record of " + format.stride() + " bytes");
        }
        List<ByteBuffer> kept = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        long total = 0;
        for (int s = 0; s < segments.size(); s++) {
            ByteBuffer segment = segments.get(s).slice().asReadOnlyBuffer();
            if (segment.capacity() % format.stride() != 0) {
                throw new IllegalArgumentException("segment " + s + " holds " + segment.capacity()
                        + " bytes, not a whole number of " + format.stride() + "-byte records");
            }
            if (segment.capacity() > 0) {
                kept.add(segment);
                starts.add((int) Math.min(total, Integer.MAX_VALUE));
                total += segment.capacity() / format.stride();
            }
        }
        this.segments = kept.toArray(ByteBuffer[]::new);
        this.segmentStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        if (total != labels.length) {
            throw new IllegalArgumentException(total + " images but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i
                        + " is outside 0.." + (this.classNames.size() - 1));
            }
        }
        this.labels = labels.clone();
    }

    /** Images packed back to back in one heap array (not copied). */
    public static Uint8ImageDataset ofPixels(String name, ImageShape shape, PixelLayout layout, byte[] pixels,
                                             int[] labels, List<String> classNames) {
        return new Uint8ImageDataset(name, shape, RecordFormat.packed(layout, shape),
                List.of(ByteBuffer.wrap(pixels)), labels, classNames);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ImageShape shape() {
        return shape;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    public RecordFormat format() {
        return format;
    }

    @Override
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    @Override
    public void readImage(int index, float[] target, int offset) {
        int size = shape.size();
        Objects.checkFromIndexSize(offset, size, target.length);
        byte[] stored = scratch(size);
        copyStored(index, stored, 0);
        if (format.layout() == PixelLayout.CHW) {
            for (int j = 0; j < size; j++) {
                target[offset + j] = UNIT[stored[j] & 0xFF];
            }
            return;
        }
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        for (int c = 0; c < channels; c++) {
            int out = offset + c * plane;
            for (int p = 0, in = c; p < plane; p++, in += channels) {
                target[out + p] = UNIT[stored[in] & 0xFF];
            }
        }
    }

    @Override
    public void readPixels(int index, byte[] target, int offset) {
        int size = shape.size();
        Objects.checkFromIndexSize(offset, size, target.length);
        if (format.layout() == PixelLayout.CHW) {
            copyStored(index, target, offset);
            return;
        }
        byte[] stored = scratch(size);
        copyStored(index, stored, 0);
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        for (int c = 0; c < channels; c++) {
            int out = offset + c * plane;
            for (int p = 0, in = c; p < plane; p++, in += channels) {
                target[out + p] = stored[in];
            }
        }
    }

    /** Copies the stored bytes of image {@code index}, in storage layout, with an absolute bulk get. */
    private void copyStored(int index, byte[] target, int offset) {
        Objects.checkIndex(index, labels.length);
        int segment = segments.length == 1 ? 0 : segmentOf(index);
        int position = (index - segmentStarts[segment]) * format.stride() + format.pixelOffset();
        segments[segment].get(position, target, offset, shape.size());
    }

    private int segmentOf(int index) {
        int found = Arrays.binarySearch(segmentStarts, index);
        return found >= 0 ? found : -found - 2;
    }

    private static byte[] scratch(int size) {
        byte[] stored = SCRATCH.get();
        if (stored.length < size) {
            stored = new byte[size];
            SCRATCH.set(stored);
        }
        return stored;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " x " + shape + ")";
    }
}
