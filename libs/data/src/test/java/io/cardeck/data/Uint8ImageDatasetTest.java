package io.cardeck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class Uint8ImageDatasetTest {

    private static final List<String> THREE = List.of("a", "b", "c");

    @Test
    void chwImagesAreValueOver255() {
        ImageShape shape = new ImageShape(1, 2, 2);
        byte[] pixels = DatasetFiles.uint8(0, 255, 128, 1, 7, 8, 9, 10);
        Uint8ImageDataset dataset = Uint8ImageDataset.ofPixels("t", shape, PixelLayout.CHW, pixels,
                new int[] {2, 0}, THREE);

        assertEquals(2, dataset.size());
        assertArrayEquals(new float[] {0f, 1f, 128 / 255f, 1 / 255f}, dataset.image(0));
        assertArrayEquals(new float[] {7 / 255f, 8 / 255f, 9 / 255f, 10 / 255f}, dataset.image(1));
        assertEquals(2, dataset.label(0));
        assertArrayEquals(new int[] {2, 0}, dataset.labels(0, 2));
        byte[] raw = new byte[6];
        dataset.readPixels(1, raw, 2);
        assertArrayEquals(DatasetFiles.uint8(0, 0, 7, 8, 9, 10), raw);
    }

    @Test
    void hwcImagesAreTransposedToChw() {
        int channels = 3;
        int height = 2;
        int width = 3;
        ImageShape shape = new ImageShape(channels, height, width);
        byte[] hwc = DatasetFiles.pattern(2 * shape.size(), 11);
        Uint8ImageDataset dataset = Uint8ImageDataset.ofPixels("t", shape, PixelLayout.HWC, hwc,
                new int[] {0, 1}, THREE);

        for (int image = 0; image < 2; image++) {
            float[] expected = new float[shape.size()];
            byte[] expectedPixels = new byte[shape.size()];
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        byte value = hwc[image * shape.size() + (y * width + x) * channels + c];
                        expected[(c * height + y) * width + x] = (value & 0xFF) / 255f;
                        expectedPixels[(c * height + y) * width + x] = value;
                    }
                }
            }
            assertArrayEquals(expected, dataset.image(image));
            byte[] pixels = new byte[shape.size()];
            dataset.readPixels(image, pixels, 0);
            assertArrayEquals(expectedPixels, pixels);
        }
    }

    @Test
    void recordsWithStrideAndOffsetAreServedInPlace() {
        // Like CIFAR-10: a label byte, then the pixels; here also two trailing bytes per record.
        ImageShape shape = new ImageShape(1, 1, 3);
        byte[] records = DatasetFiles.uint8(
                1, 10, 20, 30, 99, 99,
                2, 40, 50, 60, 99, 99);
        Uint8ImageDataset dataset = new Uint8ImageDataset("t", shape, new RecordFormat(PixelLayout.CHW, 6, 1),
                List.of(ByteBuffer.wrap(records)), new int[] {1, 2}, THREE);

        assertArrayEquals(new float[] {40 / 255f, 50 / 255f, 60 / 255f}, dataset.image(1));
        float[] batch = dataset.images(0, 2);
        assertArrayEquals(new float[] {10 / 255f, 20 / 255f, 30 / 255f, 40 / 255f, 50 / 255f, 60 / 255f}, batch);
    }

    @Test
    void imagesSpanSeveralSegments() {
        ImageShape shape = new ImageShape(1, 1, 2);
        byte[] backing = DatasetFiles.uint8(77, 1, 2, 3, 4, 77);
        List<ByteBuffer> segments = List.of(
                ByteBuffer.wrap(backing, 1, 4),          // images 0, 1 (position 1 of a larger array)
                ByteBuffer.allocate(0),                  // an empty segment is skipped
                ByteBuffer.wrap(DatasetFiles.uint8(5, 6)),  // image 2
                ByteBuffer.wrap(DatasetFiles.uint8(7, 8, 9, 10, 11, 12))); // images 3..5
        Uint8ImageDataset dataset = new Uint8ImageDataset("t", shape, RecordFormat.packed(PixelLayout.CHW, shape),
                segments, new int[] {0, 1, 2, 0, 1, 2}, THREE);

        assertEquals(6, dataset.size());
        byte[] all = new byte[12];
        for (int i = 0; i < 6; i++) {
            dataset.readPixels(i, all, 2 * i);
        }
        assertArrayEquals(DatasetFiles.uint8(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), all);
    }

    @Test
    void concurrentReadersSeeTheSameImages() throws Exception {
        ImageShape shape = new ImageShape(3, 8, 8);
        int count = 64;
        byte[] hwc = DatasetFiles.pattern(count * shape.size(), 3);
        int[] labels = new int[count];
        Uint8ImageDataset dataset = Uint8ImageDataset.ofPixels("t", shape, PixelLayout.HWC, hwc, labels, THREE);
        float[][] expected = new float[count][];
        for (int i = 0; i < count; i++) {
            expected[i] = dataset.image(i);
        }

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int stride = 2 * t + 1;
                results.add(pool.submit(() -> {
                    float[] image = new float[shape.size()];
                    for (int k = 0; k < 5000; k++) {
                        int index = (k * stride) % count;
                        dataset.readImage(index, image, 0);
                        if (!Arrays.equals(image, expected[index])) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsInconsistentArguments() {
        ImageShape shape = new ImageShape(1, 1, 2);
        byte[] pixels = new byte[4];
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class, () ->
                Uint8ImageDataset.ofPixels("t", shape, PixelLayout.CHW, pixels, new int[] {0, 3}, THREE));
        assertTrue(outOfRange.getMessage().contains("label 3 of image 1"), outOfRange.getMessage());

        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () ->
                Uint8ImageDataset.ofPixels("t", shape, PixelLayout.CHW, pixels, new int[] {0}, THREE));
        assertTrue(count.getMessage().contains("2 images but 1 labels"), count.getMessage());

        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class, () ->
                Uint8ImageDataset.ofPixels("t", shape, PixelLayout.CHW, new byte[5], new int[] {0, 0}, THREE));
        assertTrue(partial.getMessage().contains("not a whole number"), partial.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new Uint8ImageDataset("t", shape,
                new RecordFormat(PixelLayout.CHW, 2, 1), List.of(ByteBuffer.wrap(pixels)), new int[] {0, 0}, THREE));
        assertThrows(IllegalArgumentException.class, () -> new RecordFormat(PixelLayout.CHW, 3, 3));
    }

    @Test
    void rejectsIndicesAndTargetsOutOfBounds() {
        ImageShape shape = new ImageShape(1, 1, 2);
        Uint8ImageDataset dataset = Uint8ImageDataset.ofPixels("t", shape, PixelLayout.CHW, new byte[4],
                new int[] {0, 1}, THREE);

        assertThrows(IndexOutOfBoundsException.class, () -> dataset.image(2));
        assertThrows(IndexOutOfBoundsException.class, () -> dataset.label(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> dataset.readImage(0, new float[3], 2));
        assertThrows(IndexOutOfBoundsException.class, () -> dataset.readPixels(0, new byte[1], 0));
    }
}
