package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cardeck.data.ImageShape;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.Uint8ImageDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    /** {@code count} 1x2x2 images; image i has all pixels i, label i % 3. */
    private static Uint8ImageDataset numbered(int count) {
        byte[] pixels = new byte[count * 4];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            Arrays.fill(pixels, i * 4, i * 4 + 4, (byte) i);
            labels[i] = i % 3;
        }
        return Uint8ImageDataset.ofPixels("numbered", new ImageShape(1, 2, 2), PixelLayout.CHW, pixels, labels,
                List.of("a", "b", "c"));
    }

    /** Every batch of an epoch, copied: image numbers (first pixel * 255) and labels. */
    private static List<int[][]> epoch(BatchLoader loader, int epoch) {
        List<int[][]> batches = new ArrayList<>();
        BatchLoader.EpochBatches iterator = loader.epoch(epoch);
        while (iterator.hasNext()) {
            Batch batch = iterator.next();
            int[] images = new int[batch.rows()];
            for (int row = 0; row < batch.rows(); row++) {
                images[row] = Math.round(batch.images()[row * 4] * 255);
            }
            batches.add(new int[][] {images, Arrays.copyOf(batch.labels(), batch.size())});
        }
        return batches;
    }

    @Test
    void everyImageOnceAndAFinalSingleImageDropped() {
        try (BatchLoader loader = new BatchLoader(numbered(12), 5, 1, null, null, 3, 2)) {
            List<int[][]> batches = epoch(loader, 0);
            assertEquals(List.of(5, 5, 2), batches.stream().map(b -> b[0].length).toList());
            Set<Integer> seen = new HashSet<>();
            for (int[][] batch : batches) {
                for (int k = 0; k < batch[0].length; k++) {
                    seen.add(batch[0][k]);
                    assertEquals(batch[0][k] % 3, batch[1][k], "label follows its image");
                }
            }
            assertEquals(12, seen.size());
        }
        try (BatchLoader loader = new BatchLoader(numbered(11), 5, 1, null, null, 3, 2)) {
            assertEquals(2, loader.batchesPerEpoch());
            assertEquals(10, epoch(loader, 0).stream().mapToInt(b -> b[0].length).sum());
        }
    }

    @Test
    void batchesDependOnSeedAndEpochButNotOnThreads() {
        List<int[][]> one;
        List<int[][]> three;
        List<int[][]> nextEpoch;
        List<int[][]> otherSeed;
        NoiseAugmentation noise = new NoiseAugmentation(0.01f);
        try (BatchLoader loader = new BatchLoader(numbered(40), 8, 1, null, noise, 9, 1)) {
            one = epoch(loader, 2);
            nextEpoch = epoch(loader, 3);
        }
        try (BatchLoader loader = new BatchLoader(numbered(40), 8, 1, null, noise, 9, 3)) {
            three = epoch(loader, 2);
        }
        try (BatchLoader loader = new BatchLoader(numbered(40), 8, 1, null, noise, 10, 1)) {
            otherSeed = epoch(loader, 2);
        }
        for (int b = 0; b < one.size(); b++) {
            assertArrayEquals(one.get(b)[0], three.get(b)[0]);
        }
        assertFalse(Arrays.equals(one.get(0)[0], nextEpoch.get(0)[0]));
        assertFalse(Arrays.equals(one.get(0)[0], otherSeed.get(0)[0]));
    }

    @Test
    void threeViewsAreTheImageThenTwoAugmentations() {
        try (BatchLoader loader = new BatchLoader(numbered(6), 3, 3, null, new NoiseAugmentation(0.2f), 1, 2)) {
            BatchLoader.EpochBatches batches = loader.epoch(0);
            Batch batch = batches.next();
            assertEquals(9, batch.rows());
            for (int k = 0; k < 3; k++) {
                float clean = batch.images()[k * 4];
                float first = batch.images()[(3 + k) * 4];
                float second = batch.images()[(6 + k) * 4];
                assertEquals(clean, first, 0.2f + 1e-6f);
                assertEquals(clean, second, 0.2f + 1e-6f);
                assertFalse(first == second, "two independent augmented views");
                float[] row = Arrays.copyOfRange(batch.images(), k * 4, k * 4 + 4);
                assertEquals(1, new HashSet<>(List.of(row[0], row[1], row[2], row[3])).size(), "clean view untouched");
            }
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(numbered(1), 2, 1, null, null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(numbered(8), 1, 1, null, null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(numbered(8), 4, 3, null, null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(numbered(8), 4, 1, null, null, 0, 0));
    }
}
