package io.cardeck.evaluator.service;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.evaluation.EvaluationPlan;
import io.cardeck.evaluator.config.EvaluatorConfig;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import io.cardeck.robustness.suite.SuiteGenerator;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteRequest;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The corruption suites evaluations run on: for a dataset, the first N test images corrupted by every
 * corruption defined for their channels at severities 1..5, generated once into
 * {@code <data-dir>/suites/} and reused. Generation of one suite is serialised by a lock per directory
 * in this JVM and by a file lock across processes; {@link SuiteGenerator} resumes what an interrupted
 * run left and skips what is already there.
 */
@ApplicationScoped
public class SuiteStore {

    private static final Logger LOG = Logger.getLogger(SuiteStore.class);
    private static final String SPLIT = "test";

    /** A suite ready to evaluate on: the whole clean split and the corrupted cells of its first images. */
    public record PreparedSuite(Path directory, ImageDataset cleanSplit, CorruptionSuite corruptions) {}

    private final EvaluatorConfig config;
    private final DatasetCatalog catalog = new DatasetCatalog(System.getenv());
    private final Map<String, ImageDataset> testSplits = new ConcurrentHashMap<>();
    private final Map<Path, ReentrantLock> generationLocks = new ConcurrentHashMap<>();

    SuiteStore(EvaluatorConfig config) {
        this.config = config;
    }

    /**
     * The cells of an evaluation of a model of {@code dataset}: the clean images, and every corruption
     * defined for the dataset's images at each severity (the suite {@link #prepare} makes).
     *
     * @throws IllegalArgumentException when the dataset has no suite here (unknown, or its files are missing)
     */
    public EvaluationPlan plan(String dataset) {
        return new EvaluationPlan(corruptionsFor(testSplit(dataset)).stream().map(Corruption::name).toList());
    }

    /** The suite of {@code dataset} for {@code samplesPerCell} images, generated first where missing. */
    public PreparedSuite prepare(String dataset, int samplesPerCell) {
        ImageDataset clean = testSplit(dataset);
        ImageDataset images = clean.firstImages(samplesPerCell);
        SuiteKey key = new SuiteKey(dataset, SPLIT, images.size(), config.seed());
        Path directory = config.dataDir().resolve("suites").resolve(key.directoryName()).toAbsolutePath().normalize();
        List<Corruption> corruptions = corruptionsFor(images);
        Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
        ReentrantLock lock = generationLocks.computeIfAbsent(directory, d -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(directory.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = channel.lock()) {
                generate(new SuiteRequest(images, dataset, SPLIT, corruptions, key.seed()), directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + " to generate the suite: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        return new PreparedSuite(directory, clean, CorruptionSuite.open(directory));
    }

    private ImageDataset testSplit(String dataset) {
        SuiteKey.requireKnownDataset(dataset);
        return testSplits.computeIfAbsent(dataset, name -> catalog.source(name).split(SPLIT));
    }

    private static List<Corruption> corruptionsFor(ImageDataset images) {
        return Corruptions.all().stream().filter(c -> c.definedFor(images.shape().channels())).toList();
    }

    private void generate(SuiteRequest request, Path directory) {
        int threads = config.generatorThreads() == 0 ? Runtime.getRuntime().availableProcessors() : config.generatorThreads();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            SuiteGenerator generator = new SuiteGenerator(pool);
            long pending = generator.pendingImages(request, directory);
            if (pending > 0) {
                LOG.infof("generating the corruption suite %s: %d corrupted images on %d threads", directory, pending, threads);
            }
            long started = System.nanoTime();
            SuiteResult result = generator.generate(request, directory, done -> { });
            if (!result.generated().isEmpty()) {
                LOG.infof("generated %s of the suite %s in %.1f s", result.generated(), directory,
                        (System.nanoTime() - started) / 1e9);
            }
        } finally {
            pool.shutdown();
        }
    }
}
