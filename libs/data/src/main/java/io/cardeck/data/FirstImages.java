package io.cardeck.data;

import java.util.List;

/** The first {@code count} images of a dataset, without copying: what {@code --limit N} evaluates. */
final class FirstImages implements ImageDataset {

    private final ImageDataset source;
    private final int count;

    FirstImages(ImageDataset source, int count) {
        if (count < 1 || count > source.size()) {
            throw new IllegalArgumentException("cannot take the first " + count + " images of " + source.name()
                    + ", which has " + source.size() + "; accepted: 1.." + source.size());
        }
        this.source = source;
        this.count = count;
    }

    @Override
    public String name() {
        return source.name() + "[:" + count + "]";
    }

    @Override
    public ImageShape shape() {
        return source.shape();
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public int label(int index) {
        return source.label(checked(index));
    }

    @Override
    public void readImage(int index, float[] target, int offset) {
        source.readImage(checked(index), target, offset);
    }

    @Override
    public void readPixels(int index, byte[] target, int offset) {
        source.readPixels(checked(index), target, offset);
    }

    private int checked(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("image " + index + " of " + name() + " (size " + count + ")");
        }
        return index;
    }
}
