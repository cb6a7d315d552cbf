package io.cardeck.data;

import java.util.List;

/**
 * A labelled image set. Images are exposed as float CHW in [0, 1] (one NCHW row each), whatever
 * the storage; implementations keep pixels compactly (uint8) so large sets stream in batches.
 * Implementations are safe for concurrent reads.
 */
public interface ImageDataset {

    /** Human-readable name, e.g. {@code fashion-mnist/test} or {@code gaussian_noise/s3}. */
    String name();

    ImageShape shape();

    int size();

    /** Class names indexed by label. */
    List<String> classNames();

    int label(int index);

    /** Writes image {@code index} as float CHW in [0, 1] into {@code target} from {@code offset}. */
    void readImage(int index, float[] target, int offset);

    /** Writes the raw uint8 pixels of image {@code index} in CHW order into {@code target} from {@code offset}. */
    void readPixels(int index, byte[] target, int offset);

    default float[] image(int index) {
        float[] image = new float[shape().size()];
        readImage(index, image, 0);
        return image;
    }

    /** Images {@code from .. from+count-1} as one NCHW float array. */
    default float[] images(int from, int count) {
        int size = shape().size();
        float[] batch = new float[count * size];
        for (int i = 0; i < count; i++) {
            readImage(from + i, batch, i * size);
        }
        return batch;
    }

    /** The first {@code count} images (all when {@code count} is 0 or at least {@link #size()}), not copied. */
    default ImageDataset firstImages(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("image count must be >= 0 (0 = all), got " + count);
        }
        return count == 0 || count >= size() ? this
                : new SelectedImages(this, java.util.stream.IntStream.range(0, count).toArray(), name() + "[:" + count + "]");
    }

    /**
     * The images at {@code indices} (in that order) under {@code name}, not copied.
     *
     * @throws IllegalArgumentException if there are none or an index is outside this dataset
     */
    default ImageDataset select(int[] indices, String name) {
        return new SelectedImages(this, indices, name);
    }

    default int[] labels(int from, int count) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = label(from + i);
        }
        return labels;
    }
}
