package io.cardeck.data;

import java.util.List;

/**
 * Some images of a dataset, by index, without copying the pixels: the first N for {@code --limit N},
 * or a seeded part of a training split held out for validation.
 */
final class SelectedImages implements ImageDataset {

    private final ImageDataset source;
    private final int[] indices;
    private final String name;

    SelectedImages(ImageDataset source, int[] indices, String name) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("a selection of " + source.name() + " needs at least one image");
        }
        for (int index : indices) {
            if (index < 0 || index >= source.size()) {
                throw new IllegalArgumentException("image " + index + " is not in " + source.name() + ", which has "
                        + source.size() + "; accepted: 0.." + (source.size() - 1));
            }
        }
        this.source = source;
        this.indices = indices.clone();
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ImageShape shape() {
        return source.shape();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public int label(int index) {
        return source.label(sourceIndex(index));
    }

    @Override
    public void readImage(int index, float[] target, int offset) {
        source.readImage(sourceIndex(index), target, offset);
    }

    @Override
    public void readPixels(int index, byte[] target, int offset) {
        source.readPixels(sourceIndex(index), target, offset);
    }

    private int sourceIndex(int index) {
        if (index < 0 || index >= indices.length) {
            throw new IndexOutOfBoundsException("image " + index + " of " + name + " (size " + indices.length + ")");
        }
        return indices[index];
    }
}
