package io.cardeck.data.idx;

import static io.cardeck.data.DatasetAssertions.assertFormatProblem;
import static io.cardeck.data.DatasetFiles.gzip;
import static io.cardeck.data.DatasetFiles.idx;
import static io.cardeck.data.DatasetFiles.uint8;
import static io.cardeck.data.DatasetFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ClassNames;
import io.cardeck.data.DatasetFiles;
import io.cardeck.data.ImageShape;
import io.cardeck.data.Uint8ImageDataset;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    private static final int IMAGES = 0x00000803;
    private static final int LABELS = 0x00000801;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesAndLabels(boolean compressed) {
        byte[] pixels = DatasetFiles.pattern(3 * 2 * 4, 17);
        Path images = file("images", idx(IMAGES, new int[] {3, 2, 4}, pixels), compressed);
        Path labels = file("labels", idx(LABELS, new int[] {3}, uint8(9, 0, 4)), compressed);

        Uint8ImageDataset dataset = IdxReader.read("tiny/test", images, labels, ClassNames.DIGITS);

        assertEquals("tiny/test", dataset.name());
        assertEquals(new ImageShape(1, 2, 4), dataset.shape());
        assertEquals(3, dataset.size());
        assertArrayEquals(new int[] {9, 0, 4}, dataset.labels(0, 3));
        for (int i = 0; i < 3; i++) {
            float[] expected = new float[8];
            for (int j = 0; j < 8; j++) {
                expected[j] = (pixels[i * 8 + j] & 0xFF) / 255f;
            }
            assertArrayEquals(expected, dataset.image(i));
        }
    }

    @Test
    void rejectsBadMagic() {
        Path labels = file("labels", idx(LABELS, new int[] {1}, uint8(0)), true);
        Path images = file("images", idx(LABELS, new int[] {1}, uint8(0)), true);

        assertFormatProblem(images, "bad magic 0x00000801; expected 0x00000803",
                () -> IdxReader.read("t", images, labels, ClassNames.DIGITS));
        Path text = write(dir.resolve("notes.txt"), "hello, world".getBytes());
        assertFormatProblem(text, "bad magic", () -> IdxReader.readLabels(text, 10));
    }

    @Test
    void rejectsZeroSizedImages() {
        Path images = file("images", idx(IMAGES, new int[] {1, 0, 4}, new byte[0]), false);
        Path labels = file("labels", idx(LABELS, new int[] {1}, uint8(0)), false);

        assertFormatProblem(images, "dimension 1 is 0", () -> IdxReader.read("t", images, labels, ClassNames.DIGITS));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedData(boolean compressed) {
        byte[] full = idx(IMAGES, new int[] {2, 2, 2}, new byte[8]);
        Path images = file("images", Arrays.copyOf(full, full.length - 3), compressed);
        Path labels = file("labels", idx(LABELS, new int[] {2}, uint8(0, 1)), compressed);

        assertFormatProblem(images, "truncated: 5 data bytes after the header, expected 8",
                () -> IdxReader.read("t", images, labels, ClassNames.DIGITS));
        Path header = file("header", Arrays.copyOf(full, 9), compressed);
        assertFormatProblem(header, "truncated header", () -> IdxReader.read("t", header, labels, ClassNames.DIGITS));
    }

    @Test
    void rejectsDataPastTheDimensions() {
        Path images = file("images", idx(IMAGES, new int[] {1, 1, 2}, uint8(1, 2, 3)), false);
        Path labels = file("labels", idx(LABELS, new int[] {1}, uint8(0)), false);

        assertFormatProblem(images, "1 bytes past the 2 bytes", () -> IdxReader.read("t", images, labels, ClassNames.DIGITS));
    }

    @Test
    void rejectsCorruptGzip() {
        byte[] compressed = gzip(idx(LABELS, new int[] {100}, new byte[100]));
        Path labels = write(dir.resolve("cut.gz"), Arrays.copyOf(compressed, compressed.length / 2));

        assertFormatProblem(labels, "gzip", () -> IdxReader.readLabels(labels, 10));
    }

    @Test
    void rejectsCountMismatch() {
        Path images = file("images", idx(IMAGES, new int[] {2, 1, 1}, uint8(1, 2)), true);
        Path labels = file("labels", idx(LABELS, new int[] {3}, uint8(0, 1, 2)), true);

        assertFormatProblem(labels, "holds 3 labels but " + images + " holds 2 images",
                () -> IdxReader.read("t", images, labels, ClassNames.DIGITS));
    }

    @Test
    void rejectsLabelsOutOfRange() {
        Path images = file("images", idx(IMAGES, new int[] {2, 1, 1}, uint8(1, 2)), false);
        Path labels = file("labels", idx(LABELS, new int[] {2}, uint8(3, 10)), false);

        assertFormatProblem(labels, "label 10 at index 1 is outside 0..9",
                () -> IdxReader.read("t", images, labels, ClassNames.DIGITS));
    }

    @Test
    void rejectsMissingFile() {
        Path missing = dir.resolve("absent-idx1-ubyte");
        assertFormatProblem(missing, "file not found", () -> IdxReader.readLabels(missing, 10));
    }

    private Path file(String name, byte[] raw, boolean compressed) {
        return write(dir.resolve(name + (compressed ? ".gz" : "")), compressed ? gzip(raw) : raw);
    }
}
