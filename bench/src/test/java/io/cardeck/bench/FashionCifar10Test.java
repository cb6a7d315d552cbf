package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ClassNames;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetKind;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.Uint8ImageDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FashionCifar10Test {

    private static final int RECORD = 3073;

    @TempDir
    Path dir;

    @Test
    void writesFiveDataBatchesATestBatchAndTheClassNamesInTheCifar10Layout() throws IOException {
        FashionCifar10.write(GrayImages.of("train", 12), 10, GrayImages.of("test", 4), 3, dir);

        for (int b = 0; b < 5; b++) {
            byte[] file = Files.readAllBytes(dir.resolve("data_batch_" + (b + 1) + ".bin"));
            assertEquals(2 * RECORD, file.length);
            for (int r = 0; r < 2; r++) {
                assertRecord(file, r, 2 * b + r);
            }
        }
        byte[] test = Files.readAllBytes(dir.resolve("test_batch.bin"));
        assertEquals(3 * RECORD, test.length);
        for (int r = 0; r < 3; r++) {
            assertRecord(test, r, r);
        }
        assertEquals(ClassNames.FASHION_MNIST, Files.readAllLines(dir.resolve("batches.meta.txt")));
    }

    /** Record r of a batch file holds image i: its label byte, then 3 planes of 32x32, gray padded by 2 zeros. */
    private static void assertRecord(byte[] file, int record, int image) {
        int base = record * RECORD;
        assertEquals((3 * image + 1) % 10, file[base]);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    assertEquals(GrayImages.padded(image, y, x), file[base + 1 + c * 1024 + y * 32 + x] & 0xFF);
                }
            }
        }
    }

    @Test
    void theCatalogReadsTheDirectoryAsCifar10WithTheFashionMnistClasses() {
        FashionCifar10.write(GrayImages.of("train", 10), 10, GrayImages.of("test", 2), 2, dir);

        DatasetSource source = DatasetCatalog.open(dir.toString());

        assertEquals(DatasetKind.CIFAR10, source.kind());
        ImageDataset train = source.split("train");
        assertEquals(new ImageShape(3, 32, 32), train.shape());
        assertEquals(10, train.size());
        assertEquals(2, source.split("test").size());
        assertEquals(ClassNames.FASHION_MNIST, train.classNames());
        assertArrayEquals(GrayImages.of("train", 10).labels(0, 10), train.labels(0, 10));
        byte[] pixels = new byte[3072];
        train.readPixels(7, pixels, 0);
        assertEquals(GrayImages.padded(7, 10, 20), pixels[2 * 1024 + 10 * 32 + 20] & 0xFF);
    }

    @Test
    void theCommandWritesRealFashionMnist() throws IOException {
        StringWriter out = new StringWriter();
        int status = Bench.commandLine().setOut(new PrintWriter(out))
                .execute("fashion-cifar10", "--out", dir.toString(), "--train-images", "5", "--test-images", "1");

        assertEquals(0, status);
        assertTrue(out.toString().contains("5 training images in 5 batches, 1 test images"), out.toString());
        assertEquals(RECORD, Files.size(dir.resolve("data_batch_5.bin")));
        // the first Fashion-MNIST test image is an ankle boot (label 9)
        assertEquals(9, Files.readAllBytes(dir.resolve("test_batch.bin"))[0]);
    }

    @Test
    void rejectsATrainingCountThatDoesNotSplitIntoFiveBatches() {
        assertMessage("--train-images must be a positive multiple of 5 (one share per data batch), got 7",
                () -> FashionCifar10.write(GrayImages.of("train", 10), 7, GrayImages.of("test", 2), 2, dir));
        assertMessage("got 0", () -> FashionCifar10.write(GrayImages.of("train", 10), 0, GrayImages.of("test", 2), 2, dir));
    }

    @Test
    void rejectsCountsBeyondTheSource() {
        assertMessage("--train-images must be in 1..10 (train holds 10 images), got 15",
                () -> FashionCifar10.write(GrayImages.of("train", 10), 15, GrayImages.of("test", 2), 2, dir));
        assertMessage("--test-images must be in 1..2 (test holds 2 images), got 3",
                () -> FashionCifar10.write(GrayImages.of("train", 10), 10, GrayImages.of("test", 2), 3, dir));
    }

    @Test
    void rejectsImagesThatAreNotGray28x28() {
        Uint8ImageDataset rgb = Uint8ImageDataset.ofPixels("rgb", new ImageShape(3, 32, 32), PixelLayout.CHW,
                new byte[5 * 3072], new int[5], ClassNames.CIFAR10);

        assertMessage("padding to 3x32x32 accepts 1x28x28",
                () -> FashionCifar10.write(rgb, 5, GrayImages.of("test", 2), 2, dir));
    }

    @Test
    void rejectsClassSetsOtherThanTen() {
        Uint8ImageDataset threeClasses = Uint8ImageDataset.ofPixels("three", new ImageShape(1, 28, 28), PixelLayout.CHW,
                new byte[5 * 784], new int[5], List.of("a", "b", "c"));

        assertMessage("CIFAR-10 batches hold 10 classes",
                () -> FashionCifar10.write(threeClasses, 5, GrayImages.of("test", 2), 2, dir));
    }

    @Test
    void rejectsAnOutputPathThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");

        assertMessage("exists and is not a directory",
                () -> FashionCifar10.write(GrayImages.of("train", 5), 5, GrayImages.of("test", 1), 1, file));
    }

    private static void assertMessage(String expected, Executable call) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(message.contains(expected), message);
    }
}
