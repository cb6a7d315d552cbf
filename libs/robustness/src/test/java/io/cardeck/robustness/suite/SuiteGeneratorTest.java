package io.cardeck.robustness.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteRequest;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteGeneratorTest {

    private static final ImageDataset TEST = DatasetCatalog.open("fashion-mnist").split("test").firstImages(30);
    private static final List<Corruption> THREE = List.of(Corruptions.byName("contrast"),
            Corruptions.byName("gaussian_noise"), Corruptions.byName("glass_blur"));
    private static final ForkJoinPool FOUR_THREADS = new ForkJoinPool(4);

    @AfterAll
    static void stopPool() {
        FOUR_THREADS.shutdown();
    }

    private static SuiteResult generate(Path dir, List<Corruption> corruptions, long seed, ForkJoinPool pool) {
        return new SuiteGenerator(pool).generate(new SuiteRequest(TEST, "fashion-mnist", "test", corruptions, seed), dir,
                done -> { });
    }

    @Test
    void writesTheCifar10cLayoutWithSeverityAsTheOuterLoop(@TempDir Path dir) {
        AtomicLong progress = new AtomicLong();
        SuiteRequest request = new SuiteRequest(TEST, "fashion-mnist", "test", THREE, 7);
        SuiteGenerator generator = new SuiteGenerator(FOUR_THREADS);
        assertEquals(3 * 5 * 30, generator.pendingImages(request, dir));
        SuiteResult result = generator.generate(request, dir, progress::addAndGet);

        assertEquals(3 * 5 * 30, progress.get());
        assertEquals(List.of("contrast", "gaussian_noise", "glass_blur"), result.generated());
        CorruptionSuite suite = CorruptionSuite.open(dir);
        assertEquals(30, suite.imagesPerSeverity());
        assertEquals(new ImageShape(1, 28, 28), suite.shape());
        assertEquals(7, suite.manifest().orElseThrow().seed());
        assertEquals(TEST.classNames(), suite.classNames());
        assertFalse(Files.exists(dir.resolve(".generating")), "the in-progress record is removed when done");
        ImageShape shape = TEST.shape();
        byte[] stored = new byte[shape.size()];
        for (Corruption corruption : THREE) {
            for (int severity = 1; severity <= 5; severity++) {
                ImageDataset cell = suite.cell(corruption.name(), severity);
                for (int i : new int[] {0, 17, 29}) {
                    assertEquals(TEST.label(i), cell.label(i));
                    float[] expected = corruption.apply(TEST.image(i), shape, severity,
                            SuiteGenerator.imageRandom(7, corruption.name(), severity, i));
                    cell.readPixels(i, stored, 0);
                    for (int p = 0; p < stored.length; p++) {
                        int truncated = (int) Math.floor(expected[p] * 255.0 + 1e-3);
                        assertEquals(truncated, stored[p] & 0xff, corruption.name() + " s" + severity + " image " + i + " pixel " + p);
                    }
                }
            }
        }
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfThreads(@TempDir Path dir) throws IOException {
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            generate(dir.resolve("one"), THREE, 5, single);
        } finally {
            single.shutdown();
        }
        generate(dir.resolve("four"), THREE, 5, FOUR_THREADS);
        for (Corruption corruption : THREE) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(corruption.name() + ".npy")),
                    Files.readAllBytes(dir.resolve("four").resolve(corruption.name() + ".npy")), corruption.name());
        }
    }

    @Test
    void theSeedChangesRandomCorruptionsOnly(@TempDir Path dir) throws IOException {
        generate(dir.resolve("a"), THREE, 1, FOUR_THREADS);
        generate(dir.resolve("b"), THREE, 2, FOUR_THREADS);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/contrast.npy")), Files.readAllBytes(dir.resolve("b/contrast.npy")));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a/gaussian_noise.npy")),
                Files.readAllBytes(dir.resolve("b/gaussian_noise.npy"))));
    }

    @Test
    void regeneratingIsANoOpAndAddingACorruptionWritesOnlyThatOne(@TempDir Path dir) throws IOException {
        generate(dir, THREE, 0, FOUR_THREADS);
        FileTime written = Files.getLastModifiedTime(dir.resolve("contrast.npy"));
        assertEquals(0, new SuiteGenerator(FOUR_THREADS).pendingImages(
                new SuiteRequest(TEST, "fashion-mnist", "test", THREE, 0), dir));
        assertEquals(List.of(), generate(dir, THREE, 0, FOUR_THREADS).generated());

        SuiteResult extended = generate(dir, List.of(Corruptions.byName("fog"), Corruptions.byName("contrast")), 0, FOUR_THREADS);
        assertEquals(List.of("fog"), extended.generated());
        assertEquals(written, Files.getLastModifiedTime(dir.resolve("contrast.npy")));
        assertEquals(List.of("contrast", "fog", "gaussian_noise", "glass_blur"), CorruptionSuite.open(dir).corruptions());
    }

    @Test
    void anInterruptedRunResumesWithTheSameParametersOnly(@TempDir Path dir) throws IOException {
        generate(dir, THREE, 0, FOUR_THREADS);
        // What a run stopped after its first corruption leaves: the in-progress record, no final manifest.
        Files.delete(dir.resolve("gaussian_noise.npy"));
        Files.delete(dir.resolve("glass_blur.npy"));
        Files.createDirectories(dir.resolve(".generating"));
        Files.move(dir.resolve("suite.json"), dir.resolve(".generating/suite.json"));

        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> generate(dir, THREE, 1, FOUR_THREADS));
        assertTrue(other.getMessage().contains("seed 0") && other.getMessage().contains("seed 1"), other.getMessage());
        assertFalse(Files.exists(dir.resolve("gaussian_noise.npy")), "a refused request writes nothing");

        assertEquals(List.of("gaussian_noise", "glass_blur"), generate(dir, THREE, 0, FOUR_THREADS).generated());
        assertEquals(3, CorruptionSuite.open(dir).corruptions().size());
    }

    @Test
    void refusesADirectoryHoldingASuiteItDidNotWrite(@TempDir Path dir) throws IOException {
        generate(dir, THREE, 0, FOUR_THREADS);
        Files.delete(dir.resolve("suite.json"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> generate(dir, THREE, 0, FOUR_THREADS));
        assertTrue(error.getMessage().contains("did not generate"), error.getMessage());
    }

    @Test
    void rejectsAnEmptyRequest() {
        assertThrows(IllegalArgumentException.class, () -> new SuiteRequest(TEST, "fashion-mnist", "test", List.of(), 0));
    }
}
