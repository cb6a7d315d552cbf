package io.cardeck.robustness.suite;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.npy.Uint8NpyWriter;
import io.cardeck.data.suite.SuiteManifest;
import io.cardeck.robustness.corruption.Corruption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Materialises a corruption suite of a dataset on disk in the CIFAR-10-C layout: one
 * {@code <corruption>.npy} (uint8, NHWC, severity as the outer loop) per corruption, {@code labels.npy}
 * and {@code suite.json}. Each file appears atomically when complete, so an interrupted run resumes
 * where it stopped and a second run of the same suite is a no-op.
 */
public final class SuiteGenerator {

    /** Bumped whenever a corruption's output changes, so stale cached suites are not reused. */
    public static final String GENERATOR_VERSION = "cardeck-corruptions/1";

    private static final int CHUNK = 128;
    private static final String LABELS = "labels.npy";
    private static final String IN_PROGRESS = ".generating";

    private final ForkJoinPool pool;

    public SuiteGenerator(ForkJoinPool pool) {
        this.pool = pool;
    }

    /** What to generate: {@code source} corrupted by each of {@code corruptions} at severities 1..5. */
    public record SuiteRequest(ImageDataset source, String dataset, String split, List<Corruption> corruptions, long seed) {
        public SuiteRequest {
            if (corruptions.isEmpty()) {
                throw new IllegalArgumentException("at least one corruption is needed");
            }
            if (source.size() == 0) {
                throw new IllegalArgumentException("the source dataset " + source.name() + " is empty");
            }
        }

        SuiteManifest manifest() {
            return new SuiteManifest(dataset, split, source.classNames(), source.shape(), source.size(), seed,
                    corruptions.stream().map(Corruption::name).toList(), GENERATOR_VERSION);
        }
    }

    /** Result: the manifest and the corruptions written in this run (empty when all were cached). */
    public record SuiteResult(Path directory, SuiteManifest manifest, List<String> generated) {}

    /** Number of corrupted images {@link #generate} will produce for {@code request} in {@code directory}. */
    public long pendingImages(SuiteRequest request, Path directory) {
        return (long) missing(request, directory).size() * Corruption.MAX_SEVERITY * request.source().size();
    }

    /**
     * Generates what is missing of the suite in {@code directory}; {@code progress} receives the number of
     * images finished. Fails, changing nothing, when the directory holds a suite with other parameters.
     */
    public SuiteResult generate(SuiteRequest request, Path directory, LongConsumer progress) {
        SuiteManifest wanted = request.manifest();
        try {
            Files.createDirectories(directory);
            Optional<SuiteManifest> existing = recorded(directory);
            if (existing.isPresent() && !sameSuite(existing.get(), wanted)) {
                throw new IllegalArgumentException(directory + " already holds another suite (" + describe(existing.get())
                        + "); the request is " + describe(wanted) + ". Choose another output directory or delete it.");
            }
            if (existing.isEmpty() && Files.exists(directory.resolve(LABELS))) {
                throw new IllegalArgumentException(directory + " holds a suite that cardeck did not generate (no "
                        + SuiteManifest.FILE_NAME + "); choose another output directory");
            }
            List<Corruption> missing = missing(request, directory);
            SuiteManifest merged = existing.map(old -> withCorruptions(old, union(old.corruptions(), wanted.corruptions())))
                    .orElse(wanted);
            // Recorded before any file is written, so an interrupted run is resumed only with the same parameters.
            Path inProgress = directory.resolve(IN_PROGRESS);
            Files.createDirectories(inProgress);
            merged.write(inProgress);
            writeLabels(request.source(), directory);
            for (Corruption corruption : missing) {
                writeCorruption(request, corruption, directory, progress);
            }
            merged.write(directory);
            Files.delete(inProgress.resolve(SuiteManifest.FILE_NAME));
            Files.delete(inProgress);
            return new SuiteResult(directory, merged, missing.stream().map(Corruption::name).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the suite to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The manifest of a finished suite, else of an interrupted generation, if any. */
    private static Optional<SuiteManifest> recorded(Path directory) {
        for (Path place : List.of(directory, directory.resolve(IN_PROGRESS))) {
            if (Files.exists(place.resolve(SuiteManifest.FILE_NAME))) {
                return Optional.of(SuiteManifest.read(place));
            }
        }
        return Optional.empty();
    }

    private static List<Corruption> missing(SuiteRequest request, Path directory) {
        return request.corruptions().stream()
                .filter(c -> !Files.exists(directory.resolve(c.name() + ".npy")))
                .toList();
    }

    private static boolean sameSuite(SuiteManifest a, SuiteManifest b) {
        return a.dataset().equals(b.dataset()) && a.split().equals(b.split()) && a.shape().equals(b.shape())
                && a.imagesPerSeverity() == b.imagesPerSeverity() && a.seed() == b.seed()
                && a.generator().equals(b.generator());
    }

    private static String describe(SuiteManifest m) {
        return m.dataset() + "/" + m.split() + ", " + m.imagesPerSeverity() + " images per severity, seed " + m.seed()
                + ", " + m.generator();
    }

    private static SuiteManifest withCorruptions(SuiteManifest m, List<String> corruptions) {
        return new SuiteManifest(m.format(), m.dataset(), m.split(), m.classNames(), m.shape(), m.imagesPerSeverity(),
                m.seed(), corruptions, m.generator());
    }

    private static List<String> union(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).distinct().toList();
    }

    private static void writeLabels(ImageDataset source, Path directory) throws IOException {
        Path target = directory.resolve(LABELS);
        if (Files.exists(target)) {
            return;
        }
        int n = source.size();
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) source.label(i);
        }
        try (Uint8NpyWriter writer = Uint8NpyWriter.create(target, (long) Corruption.MAX_SEVERITY * n)) {
            for (int s = 0; s < Corruption.MAX_SEVERITY; s++) {
                writer.writeRows((long) s * n, labels, 0, n);
            }
            writer.commit();
        }
    }

    private void writeCorruption(SuiteRequest request, Corruption corruption, Path directory, LongConsumer progress)
            throws IOException {
        ImageDataset source = request.source();
        ImageShape shape = source.shape();
        int n = source.size();
        int chunks = (n + CHUNK - 1) / CHUNK;
        try (Uint8NpyWriter writer = Uint8NpyWriter.create(directory.resolve(corruption.name() + ".npy"),
                (long) Corruption.MAX_SEVERITY * n, shape.height(), shape.width(), shape.channels())) {
            for (int severity = Corruption.MIN_SEVERITY; severity <= Corruption.MAX_SEVERITY; severity++) {
                int s = severity;
                pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(chunk -> {
                    int from = chunk * CHUNK;
                    int count = Math.min(CHUNK, n - from);
                    writer.writeRows((long) (s - 1) * n + from, corruptChunk(request, corruption, s, from, count), 0, count);
                    progress.accept(count);
                })).join();
            }
            writer.commit();
        }
    }

    private static byte[] corruptChunk(SuiteRequest request, Corruption corruption, int severity, int from, int count) {
        ImageShape shape = request.source().shape();
        int size = shape.size();
        float[] image = new float[size];
        byte[] rows = new byte[count * size];
        for (int i = 0; i < count; i++) {
            request.source().readImage(from + i, image, 0);
            float[] corrupted = corruption.apply(image, shape, severity,
                    imageRandom(request.seed(), corruption.name(), severity, from + i));
            toHwcBytes(corrupted, shape, rows, i * size);
        }
        return rows;
    }

    /** One independent random stream per (seed, corruption, severity, image): the result does not depend on threads. */
    static SplittableRandom imageRandom(long seed, String corruption, int severity, int index) {
        long key = seed * 0x9E3779B97F4A7C15L + corruption.hashCode();
        key = key * 31 + severity;
        key = key * 0x100000001B3L + index;
        return new SplittableRandom(key);
    }

    /**
     * CHW floats in [0,1] to HWC uint8, truncating as the published generator does; the 1e-3 level
     * keeps an unchanged pixel p/255 at p despite float rounding (p/255f*255f can fall just below p).
     */
    private static void toHwcBytes(float[] chw, ImageShape shape, byte[] target, int offset) {
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) {
                float v = chw[c * plane + p];
                int level = (int) (Math.min(1f, Math.max(0f, v)) * 255f + 1e-3f);
                target[offset + p * channels + c] = (byte) level;
            }
        }
    }
}
