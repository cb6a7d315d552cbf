package io.cardeck.data.cifar;

import static io.cardeck.data.DatasetAssertions.assertFormatProblem;
import static io.cardeck.data.DatasetFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ClassNames;
import io.cardeck.data.DatasetFiles;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BatchesTest {

    private static final int PIXELS = 3072;

    @TempDir
    Path dir;

    /** A batch of records: label byte, then 3072 pixel bytes following a pattern seeded by batch and record. */
    private static byte[] batch(int batch, int... labels) {
        byte[] bytes = new byte[labels.length * (1 + PIXELS)];
        for (int r = 0; r < labels.length; r++) {
            bytes[r * (1 + PIXELS)] = (byte) labels[r];
            System.arraycopy(DatasetFiles.pattern(PIXELS, 10 * batch + r), 0, bytes, r * (1 + PIXELS) + 1, PIXELS);
        }
        return bytes;
    }

    private void writeAll() {
        for (int b = 1; b <= 5; b++) {
            write(dir.resolve("data_batch_" + b + ".bin"), batch(b, b, (b + 3) % 10));
        }
        write(dir.resolve("test_batch.bin"), batch(0, 3, 8, 0));
    }

    @Test
    void readsTrainAndTestSplits() {
        writeAll();

        Map<String, ImageDataset> splits = Cifar10Batches.open(dir, "cifar10");

        assertEquals(List.of("train", "test"), List.copyOf(splits.keySet()));
        ImageDataset train = splits.get("train");
        ImageDataset test = splits.get("test");
        assertEquals("cifar10/train", train.name());
        assertEquals(new ImageShape(3, 32, 32), train.shape());
        assertEquals(10, train.size());
        assertEquals(3, test.size());
        assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6, 4, 7, 5, 8}, train.labels(0, 10));
        assertArrayEquals(new int[] {3, 8, 0}, test.labels(0, 3));
        assertEquals(ClassNames.CIFAR10, train.classNames());

        // Record 1 of data_batch_4 is training image 7; CIFAR stores R, G, B planes, i.e. CHW already.
        byte[] expected = DatasetFiles.pattern(PIXELS, 41);
        byte[] pixels = new byte[PIXELS];
        train.readPixels(7, pixels, 0);
        assertArrayEquals(expected, pixels);
        float[] image = train.image(7);
        assertEquals((expected[1024 + 5] & 0xFF) / 255f, image[1024 + 5]);
    }

    @Test
    void usesTheNamesInBatchesMeta() {
        writeAll();
        List<String> names = List.of("a0", "b1", "c2", "d3", "e4", "f5", "g6", "h7", "i8", "j9");
        write(dir.resolve("batches.meta.txt"), (String.join("\n", names) + "\n\n").getBytes(StandardCharsets.UTF_8));

        assertEquals(names, Cifar10Batches.open(dir, "c").get("test").classNames());
    }

    @Test
    void rejectsMetaWithoutTenNames() {
        writeAll();
        Path meta = write(dir.resolve("batches.meta.txt"), "cat\ndog\n".getBytes(StandardCharsets.UTF_8));

        assertFormatProblem(meta, "holds 2 class names; expected 10", () -> Cifar10Batches.open(dir, "c"));
    }

    @Test
    void rejectsLengthNotMultipleOfRecord() {
        byte[] bytes = batch(0, 1, 2);
        Path file = write(dir.resolve("test_batch.bin"), Arrays.copyOf(bytes, bytes.length - 1));

        assertFormatProblem(file, "length 6145 is not a positive multiple of 3073", () -> Cifar10Batches.open(dir, "c"));
    }

    @Test
    void rejectsLabelsOfTenOrMore() {
        Path file = write(dir.resolve("test_batch.bin"), batch(0, 9, 10));

        assertFormatProblem(file, "label 10 of record 1 is outside 0..9", () -> Cifar10Batches.open(dir, "c"));
    }

    @Test
    void rejectsIncompleteTrainingSet() {
        writeAll();
        dir.resolve("data_batch_3.bin").toFile().delete();

        assertFormatProblem(dir, "[data_batch_3.bin] missing", () -> Cifar10Batches.open(dir, "c"));
    }

    @Test
    void recognisesBatchDirectories() {
        assertFalse(Cifar10Batches.present(dir));
        write(dir.resolve("test_batch.bin"), batch(0, 1));
        assertTrue(Cifar10Batches.present(dir));
    }
}
