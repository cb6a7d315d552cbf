package io.cardeck.bench;

import com.sun.management.OperatingSystemMXBean;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import io.cardeck.robustness.suite.SuiteGenerator;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How many images per second each corruption produces at each severity on one thread, on real
 * Fashion-MNIST test images (1x28x28) and on the same images padded to 3x32x32; then the rate of a whole
 * suite through {@link SuiteGenerator} (decoding, corrupting, writing .npy) on one thread and on all
 * cores. Every round measures every cell once, so a slow spell of the machine spreads over all cells
 * instead of spoiling one; the tables give the median over rounds and the spread.
 */
@Command(name = "corruptions", mixinStandardHelpOptions = true,
        description = "Corruption generation speed: each corruption x severity on one thread, and whole suites.")
final class CorruptionSpeed implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** At least this many images per cell and round, so slow corruptions are timed over more than one call. */
    private static final int MIN_IMAGES = 8;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds over all cells (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--cell-millis", defaultValue = "60", paramLabel = "MS",
            description = "Time per cell and round (default: ${DEFAULT-VALUE}).")
    int cellMillis;

    @Option(names = "--images", defaultValue = "256", paramLabel = "N",
            description = "Distinct test images cycled through in the cell timings (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--suite-images", defaultValue = "1000", paramLabel = "N",
            description = "Images per corruption x severity in the whole-suite timings; 0 skips them (default: ${DEFAULT-VALUE}).")
    int suiteImages;

    @Option(names = "--suite-rounds", defaultValue = "3", description = "Rounds of the whole-suite timings (default: ${DEFAULT-VALUE}).")
    int suiteRounds;

    @Option(names = "--work", defaultValue = "work/bench", paramLabel = "DIR",
            description = "Scratch directory for the generated suites, deleted after each (default: ${DEFAULT-VALUE}).")
    Path work;

    /** Keeps every corrupted image observable, so the JIT cannot drop the work. */
    private double sink;

    /** Images of one shape, decoded once to float CHW. */
    private record Input(ImageDataset dataset, float[][] images) {
        ImageShape shape() {
            return dataset.shape();
        }
    }

    @Override
    public Integer call() {
        requirePositive("--rounds", rounds);
        requirePositive("--cell-millis", cellMillis);
        requirePositive("--images", images);
        requirePositive("--suite-rounds", suiteRounds);
        if (suiteImages < 0) {
            throw new IllegalArgumentException("--suite-images must be >= 0 (0 skips the suite timings), got " + suiteImages);
        }
        ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
        int count = Math.min(images, test.size());
        List<Input> inputs = List.of(decoded(test.firstImages(count)), decoded(PaddedRgb.of(test, count)));
        List<Corruption> corruptions = Corruptions.all();

        long cellNanos = cellMillis * 1_000_000L;
        // [input][corruption][severity][round], per second of wall-clock time and of the thread's CPU time
        double[][][][] rates = new double[inputs.size()][corruptions.size()][Corruption.MAX_SEVERITY][rounds];
        double[][][][] cpuRates = new double[inputs.size()][corruptions.size()][Corruption.MAX_SEVERITY][rounds];
        for (int round = -1; round < rounds; round++) {
            spec.commandLine().getErr().printf("corruptions: %s%n", round < 0 ? "warm-up round" : "round " + (round + 1) + "/" + rounds);
            for (int in = 0; in < inputs.size(); in++) {
                for (int c = 0; c < corruptions.size(); c++) {
                    for (int s = 0; s < Corruption.MAX_SEVERITY; s++) {
                        // the warm-up round lets the JIT compile every corruption before timing starts
                        double[] rate = rate(corruptions.get(c), inputs.get(in), s + 1, round < 0 ? 2 * cellNanos : cellNanos);
                        if (round >= 0) {
                            rates[in][c][s][round] = rate[0];
                            cpuRates[in][c][s][round] = rate[1];
                        }
                    }
                }
            }
        }
        spec.commandLine().getOut().printf("## Corruption speed, one thread%n%nImages per second of the thread's CPU time (what a core of its"
                + " own gives), median of %d rounds of %d ms per cell; spread = (max-min)/median, the largest over the"
                + " 5 severities; wall clock = images per second of elapsed time over all 5 severities.%n%n", rounds, cellMillis);
        for (int in = 0; in < inputs.size(); in++) {
            spec.commandLine().getOut().printf("### %s%n%n%s%n", inputs.get(in).shape(),
                    cellTable(corruptions, inputs.get(in), cpuRates[in], rates[in]));
        }
        if (suiteImages > 0) {
            for (int in = 0; in < inputs.size(); in++) {
                Input input = inputs.get(in);
                ImageDataset source = in == 0 ? test.firstImages(suiteImages) : PaddedRgb.of(test, Math.min(suiteImages, test.size()));
                List<Corruption> used = corruptions.stream().filter(c -> c.definedFor(input.shape().channels())).toList();
                List<Double> cellMedians = new ArrayList<>();
                for (int c = 0; c < corruptions.size(); c++) {
                    if (corruptions.get(c).definedFor(input.shape().channels())) {
                        for (int s = 0; s < Corruption.MAX_SEVERITY; s++) {
                            cellMedians.add(Samples.of(cpuRates[in][c][s]).median());
                        }
                    }
                }
                double predicted = harmonicMean(cellMedians);
                spec.commandLine().getOut().println(suiteTable(source, used, predicted));
            }
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "corruptions: done (checksum %.3f)%n", sink);
        return 0;
    }

    private static Input decoded(ImageDataset dataset) {
        float[][] images = new float[dataset.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = dataset.image(i);
        }
        return new Input(dataset, images);
    }

    /**
     * Images per second of one corruption at one severity over {@code nanos} (and at least {@value #MIN_IMAGES}
     * images): {wall clock, thread CPU time}.
     */
    private double[] rate(Corruption corruption, Input input, int severity, long nanos) {
        float[][] images = input.images();
        ImageShape shape = input.shape();
        int done = 0;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long now;
        do {
            float[] image = images[done % images.length];
            float[] out = corruption.apply(image, shape, severity, new SplittableRandom(done));
            sink += out[done % out.length];
            done++;
            now = System.nanoTime();
        } while (now - start < nanos || done < MIN_IMAGES);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        return new double[] {done * 1e9 / (now - start), done * 1e9 / Math.max(1, cpu)};
    }

    private String cellTable(List<Corruption> corruptions, Input input, double[][][] cpuRates, double[][][] wallRates) {
        int channels = input.shape().channels();
        // seconds per image summed over the cells suites use: each corruption's share of a suite's time
        double[] secondsPerImage = new double[corruptions.size()];
        double suiteSeconds = 0;
        for (int c = 0; c < corruptions.size(); c++) {
            for (int s = 0; s < Corruption.MAX_SEVERITY; s++) {
                secondsPerImage[c] += 1 / Samples.of(cpuRates[c][s]).median();
            }
            if (corruptions.get(c).definedFor(channels)) {
                suiteSeconds += secondsPerImage[c];
            }
        }
        MarkdownTable table = new MarkdownTable("corruption", "s1", "s2", "s3", "s4", "s5", "spread", "wall clock",
                "share of suite time");
        List<Double> all = new ArrayList<>();
        List<Double> allWall = new ArrayList<>();
        double worstSpread = 0;
        for (int c = 0; c < corruptions.size(); c++) {
            Corruption corruption = corruptions.get(c);
            boolean used = corruption.definedFor(channels);
            Object[] row = new Object[Corruption.MAX_SEVERITY + 4];
            row[0] = corruption.name() + (used ? "" : " (identity here, not in suites)");
            double spread = 0;
            double[] wall = new double[Corruption.MAX_SEVERITY];
            for (int s = 0; s < Corruption.MAX_SEVERITY; s++) {
                Samples samples = Samples.of(cpuRates[c][s]);
                row[s + 1] = MarkdownTable.rate(samples.median());
                spread = Math.max(spread, samples.spread());
                wall[s] = Samples.of(wallRates[c][s]).median();
                if (used) {
                    all.add(samples.median());
                    allWall.add(wall[s]);
                }
            }
            row[Corruption.MAX_SEVERITY + 1] = MarkdownTable.percent(spread);
            row[Corruption.MAX_SEVERITY + 2] = MarkdownTable.rate(Samples.of(wall).harmonicMean());
            row[Corruption.MAX_SEVERITY + 3] = used ? MarkdownTable.percent(secondsPerImage[c] / suiteSeconds) : "-";
            worstSpread = Math.max(worstSpread, spread);
            table.row(row);
        }
        return table + String.format(Locale.ROOT, "%nA whole suite (the %d cells above that suites use, equal images per"
                        + " cell) would run at %s images per CPU-second on one thread, %s images/s of wall clock in this"
                        + " run (harmonic means of the cell medians); largest spread %s.%n",
                all.size(), MarkdownTable.rate(harmonicMean(all)), MarkdownTable.rate(harmonicMean(allWall)),
                MarkdownTable.percent(worstSpread));
    }

    private static double harmonicMean(List<Double> rates) {
        return Samples.of(rates.stream().mapToDouble(Double::doubleValue).toArray()).harmonicMean();
    }

    /**
     * Whole suites of {@code source} through the generator, on one thread and on all cores in alternating
     * order, each into a fresh directory that is deleted afterwards.
     */
    private String suiteTable(ImageDataset source, List<Corruption> corruptions, double predictedOneThread) {
        int cores = Runtime.getRuntime().availableProcessors();
        int[] threadCounts = {1, cores};
        // [threads][round]: images per second of wall clock, and process CPU seconds per wall second
        double[][] rates = new double[threadCounts.length][suiteRounds];
        double[][] coresUsed = new double[threadCounts.length][suiteRounds];
        double[][] machineIdle = new double[threadCounts.length][suiteRounds];
        long images = (long) corruptions.size() * Corruption.MAX_SEVERITY * source.size();
        for (int round = 0; round < suiteRounds; round++) {
            for (int k = 0; k < threadCounts.length; k++) {
                int t = round % 2 == 0 ? k : threadCounts.length - 1 - k;
                spec.commandLine().getErr().printf("corruptions: suite of %s, round %d/%d, %d thread(s)%n", source.shape(), round + 1,
                        suiteRounds, threadCounts[t]);
                double[] seconds = generateSeconds(source, corruptions, threadCounts[t]);
                rates[t][round] = images / seconds[0];
                coresUsed[t][round] = seconds[1] / seconds[0];
                machineIdle[t][round] = seconds[2];
            }
        }
        MarkdownTable table = new MarkdownTable("round", "1 thread (images/s)", "CPUs busy", "machine idle",
                cores + " threads (images/s)", "CPUs busy", "machine idle", "speed-up");
        for (int round = 0; round < suiteRounds; round++) {
            table.row(round + 1, MarkdownTable.rate(rates[0][round]), MarkdownTable.ratio(coresUsed[0][round]),
                    MarkdownTable.percent(machineIdle[0][round]), MarkdownTable.rate(rates[1][round]),
                    MarkdownTable.ratio(coresUsed[1][round]), MarkdownTable.percent(machineIdle[1][round]),
                    MarkdownTable.ratio(rates[1][round] / rates[0][round]));
        }
        Samples one = Samples.of(rates[0]);
        Samples all = Samples.of(rates[1]);
        Samples speedUp = all.over(one);
        table.row("median", MarkdownTable.rate(one.median()), MarkdownTable.ratio(Samples.of(coresUsed[0]).median()),
                MarkdownTable.percent(Samples.medianOrNaN(machineIdle[0])), MarkdownTable.rate(all.median()),
                MarkdownTable.ratio(Samples.of(coresUsed[1]).median()), MarkdownTable.percent(Samples.medianOrNaN(machineIdle[1])),
                MarkdownTable.ratio(speedUp.median()));
        double oneThreadPerCpuSecond = Samples.of(perCpuSecond(rates[0], coresUsed[0])).median();
        double allThreadsPerCpuSecond = Samples.of(perCpuSecond(rates[1], coresUsed[1])).median();
        return String.format(Locale.ROOT, "## Whole suite through SuiteGenerator, %s: %d corruptions x 5 severities x %d"
                        + " images = %,d images%n%n%s%nCPUs busy = process CPU time / wall time (JIT and GC threads"
                        + " included); machine idle = idle share of all CPUs of the machine (/proc/stat), so CPUs busy"
                        + " below the thread count with the machine idle near 0%% means other processes held the cores."
                        + " Spread: 1 thread %s, %d threads %s, speed-up %s..%s. On one thread the generator"
                        + " makes %s images per CPU-second, %s of the %s predicted from the cell timings; the rest goes"
                        + " to decoding, conversion to bytes, writing, and the JVM's own threads. On %d threads it makes"
                        + " %s images per CPU-second: %s of the one-thread figure for each CPU it got.%n",
                source.shape(), corruptions.size(), source.size(), images, table, MarkdownTable.percent(one.spread()),
                cores, MarkdownTable.percent(all.spread()), MarkdownTable.ratio(speedUp.min()),
                MarkdownTable.ratio(speedUp.max()), MarkdownTable.rate(oneThreadPerCpuSecond),
                MarkdownTable.percent(oneThreadPerCpuSecond / predictedOneThread), MarkdownTable.rate(predictedOneThread),
                cores, MarkdownTable.rate(allThreadsPerCpuSecond), MarkdownTable.percent(allThreadsPerCpuSecond / oneThreadPerCpuSecond));
    }

    private static double[] perCpuSecond(double[] rates, double[] coresUsed) {
        double[] perCpu = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            perCpu[i] = rates[i] / coresUsed[i];
        }
        return perCpu;
    }

    /** {wall seconds, process CPU seconds, machine idle share} of generating the suite into a fresh scratch directory. */
    private double[] generateSeconds(ImageDataset source, List<Corruption> corruptions, int threads) {
        Path directory = work.resolve("suite-speed").resolve(source.shape() + "-" + threads + "-threads");
        delete(directory);
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            Optional<MachineCpu.Sample> machineStart = MachineCpu.sample();
            long cpuStart = PROCESS.getProcessCpuTime();
            long start = System.nanoTime();
            new SuiteGenerator(pool).generate(new SuiteRequest(source, "bench", "test", corruptions, 0), directory,
                    done -> { });
            return new double[] {(System.nanoTime() - start) / 1e9, (PROCESS.getProcessCpuTime() - cpuStart) / 1e9,
                MachineCpu.idleShare(machineStart, MachineCpu.sample())};
        } finally {
            pool.shutdown();
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch suite " + directory + ": " + e.getMessage(), e);
        }
    }

    static void requirePositive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }
}
