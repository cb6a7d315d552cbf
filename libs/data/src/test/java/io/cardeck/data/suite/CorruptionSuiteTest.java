package io.cardeck.data.suite;

import static io.cardeck.data.DatasetAssertions.assertFormatProblem;
import static io.cardeck.data.DatasetFiles.dict;
import static io.cardeck.data.DatasetFiles.int64;
import static io.cardeck.data.DatasetFiles.npy;
import static io.cardeck.data.DatasetFiles.uint8;
import static io.cardeck.data.DatasetFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ClassNames;
import io.cardeck.data.DatasetFiles;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionSuiteTest {

    private static final int N = 3;
    private static final int H = 4;
    private static final int W = 2;
    private static final int C = 3;

    @TempDir
    Path dir;

    /** The HWC pixels of {@code (5N, H, W, C)} corruption file number {@code seed}. */
    private static byte[] pixels(int seed, int channels) {
        return DatasetFiles.pattern(5 * N * H * W * channels, seed);
    }

    private static String shape(int rows, int channels) {
        return channels == 0 ? "(" + rows + ", " + H + ", " + W + ")" : "(" + rows + ", " + H + ", " + W + ", " + channels + ")";
    }

    private void corruption(String name, int seed) {
        write(dir.resolve(name + ".npy"), npy(1, dict("|u1", shape(5 * N, C)), pixels(seed, C)));
    }

    /** labels.npy as uint8: the N labels stacked 5 times. */
    private void labels(int... perSeverity) {
        int[] stacked = new int[5 * perSeverity.length];
        for (int s = 0; s < 5; s++) {
            System.arraycopy(perSeverity, 0, stacked, s * perSeverity.length, perSeverity.length);
        }
        write(dir.resolve("labels.npy"), npy(1, dict("|u1", "(" + stacked.length + ",)"), uint8(stacked)));
    }

    private void publishedSuite() {
        corruption("gaussian_noise", 1);
        corruption("fog", 2);
        labels(9, 0, 5);
    }

    @Test
    void opensThePublishedLayout() {
        publishedSuite();

        CorruptionSuite suite = CorruptionSuite.open(dir);

        assertEquals(List.of("fog", "gaussian_noise"), suite.corruptions());
        assertEquals(new ImageShape(C, H, W), suite.shape());
        assertEquals(N, suite.imagesPerSeverity());
        assertEquals(ClassNames.CIFAR10, suite.classNames());
        assertArrayEquals(new int[] {9, 0, 5}, suite.labels());
        assertEquals(Optional.empty(), suite.manifest());
    }

    @Test
    void cellsAreTheSeverityBlocksInChwOrder() {
        publishedSuite();
        CorruptionSuite suite = CorruptionSuite.open(dir);
        byte[] fog = pixels(2, C);

        for (int severity = 1; severity <= 5; severity++) {
            ImageDataset cell = suite.cell("fog", severity);
            assertEquals("fog/s" + severity, cell.name());
            assertEquals(N, cell.size());
            assertArrayEquals(new int[] {9, 0, 5}, cell.labels(0, N));
            for (int i = 0; i < N; i++) {
                int row = (severity - 1) * N + i;
                float[] expected = new float[C * H * W];
                for (int c = 0; c < C; c++) {
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            expected[(c * H + y) * W + x] = (fog[((row * H + y) * W + x) * C + c] & 0xFF) / 255f;
                        }
                    }
                }
                assertArrayEquals(expected, cell.image(i), "severity " + severity + " image " + i);
            }
        }
    }

    @Test
    void readsGrayThreeDimensionalFilesAndNumbersUnnamedClasses() {
        byte[] gray = pixels(4, 1);
        write(dir.resolve("contrast.npy"), npy(2, dict("|u1", shape(5 * N, 0)), gray));
        long[] stacked = new long[5 * N];
        for (int r = 0; r < stacked.length; r++) {
            stacked[r] = new int[] {2, 0, 1}[r % N];
        }
        write(dir.resolve("labels.npy"), npy(1, dict("<i8", "(" + stacked.length + ",)"), int64(stacked)));

        CorruptionSuite suite = CorruptionSuite.open(dir);

        assertEquals(new ImageShape(1, H, W), suite.shape());
        assertEquals(List.of("0", "1", "2"), suite.classNames());
        byte[] pixels = new byte[H * W];
        suite.cell("contrast", 2).readPixels(1, pixels, 0);
        assertArrayEquals(Arrays.copyOfRange(gray, (N + 1) * H * W, (N + 2) * H * W), pixels);
    }

    @Test
    void usesTheManifestWhenPresent() {
        publishedSuite();
        List<String> names = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10");
        SuiteManifest manifest = new SuiteManifest("fashion-mnist", "test", names, new ImageShape(C, H, W), N, 42L,
                List.of("gaussian_noise", "fog"), "cardeck 0.1.0");
        manifest.write(dir);

        CorruptionSuite suite = CorruptionSuite.open(dir);

        assertEquals(Optional.of(manifest), suite.manifest());
        assertEquals(names, suite.classNames());
        assertEquals(names, suite.cell("fog", 1).classNames());
    }

    @Test
    void rejectsUnknownCellsNamingWhatIsAccepted() {
        publishedSuite();
        CorruptionSuite suite = CorruptionSuite.open(dir);

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> suite.cell("snow", 1));
        assertTrue(unknown.getMessage().contains("unknown corruption 'snow'; this suite holds [fog, gaussian_noise]"),
                unknown.getMessage());
        for (int severity : new int[] {0, 6}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> suite.cell("fog", severity));
            assertTrue(e.getMessage().contains("severity " + severity + " is outside 1..5"), e.getMessage());
        }
    }

    @Test
    void rejectsFilesOfDifferentShapes() {
        publishedSuite();
        Path other = write(dir.resolve("zoom_blur.npy"), npy(1, dict("|u1", "(15, 4, 3, 3)"), new byte[15 * 36]));

        assertFormatProblem(other, "shape (15, 4, 3, 3) differs from fog.npy (15, 4, 2, 3)",
                () -> CorruptionSuite.open(dir));
    }

    @Test
    void rejectsRowsNotFiveTimesN() {
        Path file = write(dir.resolve("fog.npy"), npy(1, dict("|u1", shape(14, C)), new byte[14 * H * W * C]));
        labels(0, 1);

        assertFormatProblem(file, "14 rows; expected 5 x N", () -> CorruptionSuite.open(dir));
    }

    @Test
    void rejectsLabelCountMismatch() {
        corruption("fog", 2);
        labels(1, 2);

        assertFormatProblem(dir.resolve("labels.npy"), "holds 10 labels but the corruption files hold 15 rows",
                () -> CorruptionSuite.open(dir));
    }

    @Test
    void rejectsLabelsNotStacked() {
        corruption("fog", 2);
        int[] labels = {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 7, 3, 1, 2, 3};
        Path file = write(dir.resolve("labels.npy"), npy(1, dict("|u1", "(15,)"), uint8(labels)));

        assertFormatProblem(file, "row 10 (severity 4, image 1) is 7 but severity 1 has 2",
                () -> CorruptionSuite.open(dir));
    }

    @Test
    void rejectsLabelsOutsideTheManifestClasses() {
        publishedSuite();
        new SuiteManifest("d", "test", List.of("a", "b", "c"), new ImageShape(C, H, W), N, 1L,
                List.of("fog", "gaussian_noise"), "g").write(dir);

        assertFormatProblem(dir.resolve("labels.npy"), "label 9 at row 0 is outside 0..2",
                () -> CorruptionSuite.open(dir));
    }

    @Test
    void rejectsAManifestThatDisagreesWithTheFiles() {
        publishedSuite();
        Path json = dir.resolve("suite.json");
        new SuiteManifest("d", "test", ClassNames.CIFAR10, new ImageShape(C, H, W), N + 1, 1L,
                List.of("fog", "gaussian_noise"), "g").write(dir);
        assertFormatProblem(json, "imagesPerSeverity 4 but the .npy files hold 3", () -> CorruptionSuite.open(dir));

        new SuiteManifest("d", "test", ClassNames.CIFAR10, new ImageShape(1, H, W), N, 1L,
                List.of("fog", "gaussian_noise"), "g").write(dir);
        assertFormatProblem(json, "shape [1, 4, 2] but the .npy files hold 3x4x2", () -> CorruptionSuite.open(dir));

        new SuiteManifest("d", "test", ClassNames.CIFAR10, new ImageShape(C, H, W), N, 1L,
                List.of("fog"), "g").write(dir);
        assertFormatProblem(json, "lists corruptions [fog] but the directory holds [fog, gaussian_noise]",
                () -> CorruptionSuite.open(dir));
    }

    @Test
    void rejectsNonImageCorruptionFiles() {
        labels(0, 1, 2);
        Path floats = write(dir.resolve("fog.npy"), npy(1, dict("<f4", shape(15, C)), new byte[15 * H * W * C * 4]));
        assertFormatProblem(floats, "dtype '<f4' is not supported", () -> CorruptionSuite.open(dir));

        Path twoChannels = write(dir.resolve("fog.npy"), npy(1, dict("|u1", shape(15, 2)), new byte[15 * H * W * 2]));
        assertFormatProblem(twoChannels, "has 2 channels; accepted 1 (gray) or 3 (RGB)", () -> CorruptionSuite.open(dir));

        Path flat = write(dir.resolve("fog.npy"), npy(1, dict("|u1", "(15, 8)"), new byte[15 * 8]));
        assertFormatProblem(flat, "shape (15, 8); expected (5N, H, W, C) or (5N, H, W)", () -> CorruptionSuite.open(dir));

        Path fortran = write(dir.resolve("fog.npy"),
                npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': " + shape(15, C) + ", }",
                        new byte[15 * H * W * C]));
        assertFormatProblem(fortran, "fortran_order is True", () -> CorruptionSuite.open(dir));

        Path truncated = write(dir.resolve("fog.npy"), npy(1, dict("|u1", shape(15, C)), new byte[100]));
        assertFormatProblem(truncated, "truncated data", () -> CorruptionSuite.open(dir));
    }

    @Test
    void rejectsDirectoriesWithoutTheLayout() {
        assertFormatProblem(dir.resolve("labels.npy"), "missing", () -> CorruptionSuite.open(dir));
        labels(0);
        assertFormatProblem(dir, "no corruption files", () -> CorruptionSuite.open(dir));
    }
}
