package io.cardeck.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.npy.Uint8NpyWriter;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.metrics.ClassificationMetrics;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import io.cardeck.robustness.suite.SuiteGenerator;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteRequest;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.zoo.NearestCentroid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator on real Fashion-MNIST with a real ONNX Runtime session of the nearest-centroid model. */
class EvaluatorTest {

    private static final int IMAGES = 400;
    private static final List<String> STANDARD = List.of("gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur",
            "glass_blur", "motion_blur", "zoom_blur", "snow", "frost", "fog", "brightness", "contrast",
            "elastic_transform", "pixelate", "jpeg_compression");

    private static ImageDataset train;
    private static ImageDataset test;
    private static ModelSession session;

    @BeforeAll
    static void fitModel() {
        DatasetSource fashionMnist = DatasetCatalog.open("fashion-mnist");
        train = fashionMnist.split("train");
        test = fashionMnist.split("test").firstImages(IMAGES);
        session = InferenceSessions.open(NearestCentroid.fit(train, "fashion-mnist", done -> { }), SessionOptionsSpec.cpu());
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void cleanAccuracyEqualsNearestMeanComputedDirectly() {
        EvaluationReport report = new Evaluator(new OnnxClassifier(session), new EvaluationOptions(64, 0))
                .evaluate(test, null, STANDARD, done -> { });

        int expectedCorrect = directNearestMeanCorrect(test);
        assertEquals(IMAGES, report.clean().count());
        // Float Gemm against double distances may flip a near tie; allow one image.
        assertTrue(Math.abs(report.clean().correct() - expectedCorrect) <= 1,
                report.clean().correct() + " correct vs " + expectedCorrect + " by direct nearest-mean");
        assertTrue(report.clean().accuracy() > 0.6, "nearest-centroid on Fashion-MNIST is about 68% accurate");
        assertNull(report.robustness());
        assertNull(report.corrupted());
        assertEquals(IMAGES, report.images());
    }

    @Test
    void batchSizeDoesNotChangeTheResult() {
        long[] correct = IntStream.of(1, 7, 400, 512)
                .mapToLong(batch -> new Evaluator(new OnnxClassifier(session), new EvaluationOptions(batch, 100))
                        .evaluate(test, null, STANDARD, done -> { }).clean().correct())
                .toArray();
        for (long c : correct) {
            assertEquals(correct[0], c);
        }
    }

    @Test
    void everyCellOfASuiteIsScoredAndTheRobustAccuracyAveragesTheStandardOnes(@TempDir Path dir) {
        // Identity "corruptions" for 14 standard names and an all-black image set for pixelate:
        // each identity cell must score exactly the clean accuracy, the black cells the share of the one class they predict.
        List<String> identity = STANDARD.stream().filter(name -> !name.equals("pixelate")).toList();
        for (String name : identity) {
            writeCorruption(dir, name, test, UnaryOperator.identity());
        }
        writeCorruption(dir, "pixelate", test, pixels -> new byte[pixels.length]);
        writeLabels(dir, test);
        CorruptionSuite suite = CorruptionSuite.open(dir);
        List<Long> progress = new java.util.ArrayList<>();

        Evaluator evaluator = new Evaluator(new OnnxClassifier(session), new EvaluationOptions(128, 0));
        EvaluationReport report = evaluator.evaluate(test, suite, STANDARD, progress::add);

        assertEquals(15 * 5, report.robustness().grid().cells().size());
        assertEquals(evaluator.plannedImages(test, suite), progress.stream().mapToLong(Long::longValue).sum());
        assertEquals(IMAGES * (1 + 15 * 5L), report.images());
        double clean = report.clean().accuracy();
        for (String name : identity) {
            for (int s = 1; s <= 5; s++) {
                assertEquals(clean, report.robustness().grid().cell(name, s).orElseThrow().accuracy(), 0.0);
            }
        }
        CorruptionCell black = report.robustness().grid().cell("pixelate", 3).orElseThrow();
        int blackClass = session.run(new float[test.shape().size()], 1).argmax(0);
        long ofThatClass = IntStream.range(0, IMAGES).filter(i -> test.label(i) == blackClass).count();
        assertEquals((double) ofThatClass / IMAGES, black.accuracy(), 1e-12);
        double expectedRobust = (14 * clean + black.accuracy()) / 15;
        assertEquals(expectedRobust, report.robustness().robustAccuracy().value(), 1e-12);
        assertFalse(report.robustness().extraAccuracy().available(), "no extra corruption was evaluated");
    }

    @Test
    void aSuiteWithoutEveryStandardCorruptionHasNoRobustAccuracyAndSaysWhy(@TempDir Path dir) {
        writeCorruption(dir, "fog", test, UnaryOperator.identity());
        writeLabels(dir, test);
        EvaluationReport report = new Evaluator(new OnnxClassifier(session), new EvaluationOptions(128, 50))
                .evaluate(test, CorruptionSuite.open(dir), STANDARD, done -> { });
        assertFalse(report.robustness().robustAccuracy().available());
        assertTrue(report.robustness().robustAccuracy().unavailableReason().contains("gaussian_noise"),
                report.robustness().robustAccuracy().unavailableReason());
        assertEquals(50, report.robustness().grid().cell("fog", 1).orElseThrow().count());
    }

    @Test
    void cellsEvaluatedApartInAnyOrderMergeToExactlyWhatAWholeRunGives(@TempDir Path dir) {
        ImageDataset images = test.firstImages(60);
        List<Corruption> gray = Corruptions.all().stream().filter(c -> c.definedFor(1)).toList();
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            new SuiteGenerator(pool).generate(new SuiteRequest(images, "fashion-mnist", "test", gray, 0), dir, done -> { });
        } finally {
            pool.shutdown();
        }
        CorruptionSuite suite = CorruptionSuite.open(dir);
        Evaluator evaluator = new Evaluator(new OnnxClassifier(session), new EvaluationOptions(32, 0));
        EvaluationReport whole = evaluator.evaluate(images, suite, STANDARD, done -> { });

        // As instances would take them: in no particular order, each cell on its own (here half on a second session).
        EvaluationPlan plan = EvaluationPlan.of(suite);
        List<Cell> cells = new ArrayList<>(plan.cells());
        Collections.shuffle(cells, new Random(7));
        ClassificationMetrics clean = null;
        List<CorruptionCell> results = new ArrayList<>();
        try (ModelSession other = InferenceSessions.open(NearestCentroid.fit(train, "fashion-mnist", done -> { }),
                SessionOptionsSpec.cpu())) {
            for (int i = 0; i < cells.size(); i++) {
                Cell cell = cells.get(i);
                Evaluator apart = new Evaluator(new OnnxClassifier(i % 2 == 0 ? session : other), new EvaluationOptions(32, 0));
                ClassificationMetrics metrics = apart.evaluate(cell, images, suite, done -> { });
                if (cell.isClean()) {
                    clean = metrics;
                } else {
                    results.add(new CorruptionCell(cell.corruption(), cell.severity(), metrics.count(), metrics.accuracy()));
                }
            }
        }

        assertEquals(1 + gray.size() * 5, plan.cells().size());
        assertEquals(whole.clean(), clean, "the clean images' accuracy, NLL, ECE and bins, to the last digit");
        assertEquals(whole.robustness(), plan.robustness(clean, results, STANDARD), "every cell, robust and extra accuracy");
        assertTrue(whole.robustness().extraAccuracy().available(), "the gray suite has extra corruptions");
    }

    @Test
    void aCellOutsideTheSuiteIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Evaluator(new OnnxClassifier(session), EvaluationOptions.defaults())
                        .evaluate(new Cell("fog", 2), test, null, done -> { }));
        assertTrue(error.getMessage().contains("fog/s2") && error.getMessage().contains("without a suite"), error.getMessage());
    }

    @Test
    void rejectsAModelAndDatasetOfDifferentShapes() {
        BatchClassifier rgb = new BatchClassifier() {
            @Override
            public ImageShape inputShape() {
                return new ImageShape(3, 32, 32);
            }

            @Override
            public float[] logits(float[] images, int batchSize) {
                throw new AssertionError("must not run");
            }
        };
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Evaluator(rgb, EvaluationOptions.defaults()).evaluate(test, null, STANDARD, done -> { }));
        assertTrue(error.getMessage().contains("3x32x32") && error.getMessage().contains("1x28x28"), error.getMessage());
    }

    @Test
    void rejectsAModelWithTheWrongNumberOfClasses() {
        BatchClassifier threeClasses = new BatchClassifier() {
            @Override
            public ImageShape inputShape() {
                return test.shape();
            }

            @Override
            public float[] logits(float[] images, int batchSize) {
                return new float[batchSize * 3];
            }
        };
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Evaluator(threeClasses, EvaluationOptions.defaults()).evaluate(test, null, STANDARD, done -> { }));
        assertTrue(error.getMessage().contains("3 outputs per image") && error.getMessage().contains("10 classes"),
                error.getMessage());
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> new EvaluationOptions(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EvaluationOptions(EvaluationOptions.MAX_BATCH_SIZE + 1, 0));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new EvaluationOptions(8, -1));
        assertTrue(negative.getMessage().contains("0 = all"), negative.getMessage());
    }

    private static int directNearestMeanCorrect(ImageDataset images) {
        int size = train.shape().size();
        double[][] means = new double[10][size];
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            float[] image = train.image(i);
            int label = train.label(i);
            counts[label]++;
            for (int p = 0; p < size; p++) {
                means[label][p] += image[p];
            }
        }
        int correct = 0;
        for (int i = 0; i < images.size(); i++) {
            float[] image = images.image(i);
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int k = 0; k < 10; k++) {
                double distance = 0;
                for (int p = 0; p < size; p++) {
                    double d = image[p] - means[k][p] / counts[k];
                    distance += d * d;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = k;
                }
            }
            correct += best == images.label(i) ? 1 : 0;
        }
        return correct;
    }

    /** Writes {@code name.npy}: the images (HWC bytes, 1 channel) transformed, the same for all 5 severities. */
    private static void writeCorruption(Path dir, String name, ImageDataset images, UnaryOperator<byte[]> transform) {
        ImageShape shape = images.shape();
        byte[] pixels = new byte[shape.size()];
        try (Uint8NpyWriter writer = Uint8NpyWriter.create(dir.resolve(name + ".npy"), 5L * images.size(),
                shape.height(), shape.width(), shape.channels())) {
            for (int s = 0; s < 5; s++) {
                for (int i = 0; i < images.size(); i++) {
                    images.readPixels(i, pixels, 0);
                    writer.writeRows((long) s * images.size() + i, transform.apply(pixels.clone()), 0, 1);
                }
            }
            writer.commit();
        }
    }

    private static void writeLabels(Path dir, ImageDataset images) {
        byte[] labels = new byte[images.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) images.label(i);
        }
        try (Uint8NpyWriter writer = Uint8NpyWriter.create(dir.resolve("labels.npy"), 5L * images.size())) {
            for (int s = 0; s < 5; s++) {
                writer.writeRows((long) s * images.size(), labels, 0, labels.length);
            }
            writer.commit();
        }
    }
}
